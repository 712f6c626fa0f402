"""Start-up guard: the operator endpoints and pages are never served open beyond loopback."""

from __future__ import annotations

import ipaddress

from graph.settings import Settings

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost", "ip6-loopback"})


class UnprotectedOperatorEndpoints(RuntimeError):
    """The server would listen beyond loopback with the operator endpoints open to anyone."""


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and the localhost names; anything else (0.0.0.0, ::, a LAN address, a hostname) is not."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def require_admin_token(settings: Settings, host: str | None = None) -> None:
    """Raise when the server listens beyond loopback (`host`, default HOST) and ADMIN_TOKEN is unset or blank."""
    host = settings.host if host is None else host
    if is_loopback(host) or (settings.admin_token or "").strip():
        return
    raise UnprotectedOperatorEndpoints(
        f"refusing to start: the server would listen on {host!r}, beyond loopback, and ADMIN_TOKEN is not set, so "
        "the operator endpoints and pages (conversations, traces, handoffs, appointments, simulator) would be open "
        "to anyone who can reach it. Set ADMIN_TOKEN to a long random secret (for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`), or listen on 127.0.0.1.")
