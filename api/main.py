"""The FastAPI application: built once per process, graph and stores injected at start-up."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from anyio import to_thread
from fastapi import FastAPI

from api.logs import configure_logging, register_secrets, secrets_of
from api.routes import conversations, health, operator, simulator, webhook
from api.security import require_admin_token
from api.service import ChatService, code_version
from api.voice import VoiceNotes
from graph.build import build_graph
from graph.deps import Deps, default_deps
from graph.settings import Settings
from stores.backend import Backend, build_backend
from stores.knowledge import DOCS_DIR, KnowledgeError

log = logging.getLogger(__name__)


def _warm_knowledge(deps: Deps) -> None:
    """Build the knowledge base if it was never built, and load the embedding model now, not during a
    buyer's first company question."""
    if deps.knowledge is None:
        return
    try:
        deps.knowledge.build(deps.settings.knowledge_docs or DOCS_DIR)  # a no-op when up to date
        deps.knowledge.search("garantía")
    except KnowledgeError as exc:
        log.error("api.knowledge_unavailable reason=%s", exc)  # /ready reports it


def create_app(settings: Settings | None = None, *, deps: Deps | None = None,
               backend: Backend | None = None) -> FastAPI:
    """The app; `deps` and `backend` default to what the settings describe."""
    settings = settings or Settings()
    require_admin_token(settings)  # never serve the operator endpoints open beyond loopback
    register_secrets(secrets_of(settings))  # masked in every log line, whoever logs them
    if not logging.getLogger().handlers:  # run by uvicorn directly: the same JSON (or text) lines as `agente serve`
        configure_logging(settings.log_format)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = backend or build_backend(settings)  # raises with a clear reason if Redis is unusable
        agent_deps = replace(deps or default_deps(settings), settings=settings, appointments=store.appointments,
                             handoffs=store.handoffs, media=store.media)  # one configuration for API and graph
        if not settings.twilio_validate_signature:
            log.warning("twilio.signature_validation_DISABLED: never run like this in production")
        # Turns are CPU-bound Python: a few threads per process beat forty fighting over the GIL.
        to_thread.current_default_thread_limiter().total_tokens = settings.turn_threads
        app.state.settings = settings
        app.state.deps = agent_deps
        app.state.voice = VoiceNotes(settings, agent_deps.catalog) if settings.voice_notes else None
        app.state.service = ChatService(build_graph(deps=agent_deps, checkpointer=store.checkpointer), store)
        await to_thread.run_sync(_warm_knowledge, agent_deps)
        log.info("api.started backend=%s cars=%d", store.kind, agent_deps.catalog.count())
        yield

    app = FastAPI(title="Agente de autos seminuevos", version=code_version(), lifespan=lifespan,
                  description="WhatsApp sales agent for used cars in Mexico (independent demo).")
    app.include_router(health.router)
    app.include_router(webhook.router)
    app.include_router(conversations.router)
    app.include_router(operator.router)
    app.include_router(simulator.pages)
    app.include_router(simulator.router)
    return app
