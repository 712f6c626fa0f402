"""The buyers' clock: instants are UTC, calendar days are those of America/Mexico_City."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BUYER_TZ = ZoneInfo("America/Mexico_City")
"""Where buyers live: "hoy" and "mañana" are their days, not the server's (which runs in UTC)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def buyer_today(now: datetime | None = None) -> date:
    """The buyer's calendar day at `now` (an aware instant; naive values are taken as UTC)."""
    now = now or utc_now()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(BUYER_TZ).date()
