"""The browser surfaces: the chat simulator with its turn inspector, and the operator inbox. Plain static files
served by the app (no CDN); their JSON endpoints need the operator token like every operator endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import FileResponse, PlainTextResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import OperatorDep, ServiceDep
from api.schemas import CONVERSATION_ID_PATTERN, ConversationIdPath
from evals.replay import replay, to_golden
from graph.context import AgentContext
from stores.catalog import CatalogError

STATIC = Path(__file__).resolve().parents[1] / "static"
pages = APIRouter(tags=["browser"])
router = APIRouter(prefix="/simulator/api", tags=["browser"], dependencies=[OperatorDep])


class SimulatorTurn(BaseModel):
    session_id: str = Field(..., min_length=1, max_length=120, pattern=CONVERSATION_ID_PATTERN)
    message: str = Field(..., max_length=4000)
    catalog_path: str | None = Field(None, description="Another catalog for this run (CSV in the brief's format).")
    use_llm: bool = Field(True, description="Let the configured LLM propose and reword.")


@pages.get("/simulator", include_in_schema=False)
async def simulator_page() -> FileResponse:
    return FileResponse(STATIC / "simulator.html")


@pages.get("/operator", include_in_schema=False)
async def operator_page() -> FileResponse:
    return FileResponse(STATIC / "operator.html")


@pages.get("/static/{name}", include_in_schema=False)
async def static_file(name: str) -> FileResponse:
    path = (STATIC / name).resolve()
    if path.parent != STATIC or not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND)
    return FileResponse(path)


@router.post("/turn", summary="One simulated turn with everything the inspector shows")
async def simulate(turn: SimulatorTurn, service: ServiceDep) -> dict[str, Any]:
    context = AgentContext(catalog_path=turn.catalog_path or None, use_llm=turn.use_llm)
    try:
        result = await run_in_threadpool(service.run_turn, turn.session_id, turn.message, context)
    except CatalogError as exc:  # the catalog asked for is missing or unreadable: nothing ran
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"catalog_path: {exc}") from exc
    return {"messages": result.messages, "media": result.media, "trace": result.trace,
            "with_person": bool(result.turn.get("with_person"))}


@router.post("/replay/{session_id}", summary="Re-run a conversation from its trace and diff each turn")
async def replay_conversation(session_id: ConversationIdPath, request: Request, service: ServiceDep) -> dict[str, Any]:
    turns = await run_in_threadpool(service.backend.conversations.traces, session_id)
    if not turns:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Unknown conversation")
    diffs = await run_in_threadpool(replay, turns, request.app.state.deps)
    return {"session_id": session_id, "turns": diffs}


@router.get("/golden/{session_id}", response_class=PlainTextResponse,
            summary="The conversation as a golden conversation (YAML of evals/golden/)")
async def golden(session_id: ConversationIdPath, service: ServiceDep) -> PlainTextResponse:
    turns = await run_in_threadpool(service.backend.conversations.traces, session_id)
    if not turns:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Unknown conversation")
    name = "simulator_" + "".join(c if c.isalnum() else "_" for c in session_id)[:60]
    text = yaml.safe_dump(to_golden(turns, name), allow_unicode=True, sort_keys=False)
    return PlainTextResponse(text, media_type="application/x-yaml")
