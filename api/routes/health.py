"""Public service endpoints: info, liveness and readiness."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api import metrics
from api.service import code_version

log = logging.getLogger(__name__)
router = APIRouter(tags=["service"])
SERVICE = "agente-autos"


@router.get("/", summary="Service information")
async def root() -> dict[str, Any]:
    return {"service": SERVICE, "version": code_version(), "language": "es_MX",
            "descripcion": "Agente de ventas de autos seminuevos por WhatsApp (demo independiente).",
            "endpoints": {"whatsapp": "/webhook/whatsapp", "docs": "/docs", "salud": "/health"}}


@router.get("/health", summary="Liveness")
async def health() -> dict[str, str]:
    return {"status": "OK", "service": SERVICE, "version": code_version(), "language": "es_MX"}


@router.get("/metrics", summary="Prometheus metrics (no personal data)", response_class=Response)
async def prometheus_metrics() -> Response:
    body, content_type = await run_in_threadpool(metrics.exposition)
    return Response(body, media_type=content_type)


@router.get("/media/{token}.png", summary="A chart attached to a WhatsApp reply (unguessable URL)",
            response_class=Response)
async def media(token: str, request: Request) -> Response:
    found = await run_in_threadpool(request.app.state.service.backend.media.get, token)
    if found is None:
        return Response(status_code=status.HTTP_404_NOT_FOUND)
    data, content_type = found
    return Response(data, media_type=content_type, headers={"Cache-Control": "private, max-age=86400"})


@router.get("/ready", summary="Readiness: checkpointer, catalog and knowledge base")
async def ready(request: Request) -> JSONResponse:
    service = request.app.state.service
    checks: dict[str, str] = {}
    try:
        await run_in_threadpool(service.backend.check)
        checks["checkpointer"] = f"ok ({service.backend.kind})"
    except Exception as exc:
        log.warning("ready.checkpointer_failed error=%s", type(exc).__name__)
        checks["checkpointer"] = f"failing: {exc}"
    cars = request.app.state.deps.catalog.count()
    checks["catalog"] = f"ok ({cars} cars)" if cars else "failing: empty catalog"
    knowledge = request.app.state.deps.knowledge
    try:
        chunks = await run_in_threadpool(knowledge.ready) if knowledge is not None else 0
        checks["knowledge"] = f"ok ({chunks} chunks)" if chunks else "failing: not configured"
    except Exception as exc:
        checks["knowledge"] = f"failing: {exc}"
    healthy = all(not value.startswith("failing") for value in checks.values())
    llm = request.app.state.deps.llm
    if llm is not None:  # informative only: the rules answer while the LLM is off
        checks["llm"] = f"circuit {llm.breaker.state}"
    return JSONResponse({"status": "ready" if healthy else "not_ready", "checks": checks},
                        status_code=status.HTTP_200_OK if healthy else status.HTTP_503_SERVICE_UNAVAILABLE)
