"""Operator endpoints: list, inspect and delete conversations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, status
from starlette.concurrency import run_in_threadpool

from api.deps import OperatorDep, ServiceDep
from api.schemas import ConversationIdPath, ConversationPage, ConversationSummary

router = APIRouter(prefix="/webhook", tags=["conversations"], dependencies=[OperatorDep])


@router.get("/conversations", response_model=ConversationPage, summary="Conversations, most recent first")
async def list_conversations(service: ServiceDep, offset: int = Query(0, ge=0, le=1_000_000_000),
                             limit: int = Query(20, ge=1, le=100)) -> ConversationPage:
    infos, total = await run_in_threadpool(service.backend.conversations.list, offset=offset, limit=limit)
    return ConversationPage(conversations=[ConversationSummary(**i.to_dict()) for i in infos],
                            total=total, offset=offset, limit=limit)


@router.delete("/conversation/{session_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Forget a conversation: state, history and traces")
async def delete_conversation(session_id: ConversationIdPath, service: ServiceDep) -> None:
    if not await run_in_threadpool(service.backend.delete_conversation, session_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Unknown conversation")


@router.get("/conversation/{session_id}/trace", summary="Per-turn traces of a conversation (QA replay)")
async def conversation_trace(session_id: ConversationIdPath, service: ServiceDep) -> dict[str, Any]:
    traces = await run_in_threadpool(service.backend.conversations.traces, session_id)
    if not traces:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Unknown conversation")
    return {"session_id": session_id, "turns": traces}
