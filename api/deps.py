"""FastAPI dependencies: the service, the settings and the operator token check."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status

from api.service import ChatService
from graph.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_service(request: Request) -> ChatService:
    return request.app.state.service


SettingsDep = Annotated[Settings, Depends(get_settings)]
ServiceDep = Annotated[ChatService, Depends(get_service)]


def require_operator(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """Operator endpoints need `Authorization: Bearer <ADMIN_TOKEN>` when ADMIN_TOKEN is set."""
    if not settings.admin_token:
        return
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token, settings.admin_token):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Bearer token required",
                            headers={"WWW-Authenticate": "Bearer"})


OperatorDep = Depends(require_operator)
