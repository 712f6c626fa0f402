"""Logs for operators: JSON lines on stdout by default (`LOG_FORMAT=text` for humans), phone numbers masked to their
last four digits in every line, whoever logs it; the configured secrets (tokens, API key, Redis password) and any
password inside a URL never appear."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from graph.settings import Settings

PHONE = re.compile(r"(?:whatsapp:)?\+?\d[\d \-]{5,18}\d{4}\b")
"""Phone-like runs (10 or more digits, with or without "whatsapp:+"): all but the last four digits are hidden."""
URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.\-]*://)(?P<user>[^\s:/@]*):[^\s/@]+@", re.IGNORECASE)
"""The password of scheme://user:password@host (a REDIS_URL, an OPENAI_BASE_URL with credentials)."""
MIN_SECRET_CHARS = 6
"""Shorter values are not masked everywhere they occur (they would hide ordinary words and numbers)."""
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_secrets: tuple[str, ...] = ()
_TRACEBACKS = logging.Formatter()


def register_secrets(values: Iterable[str | None]) -> None:
    """Values no log line may show, whoever logs them (added to those registered before)."""
    global _secrets
    found = set(_secrets) | {value for value in values if value and len(value) >= MIN_SECRET_CHARS}
    _secrets = tuple(sorted(found, key=len, reverse=True))  # longest first: no secret is left half-masked


def secrets_of(settings: Settings) -> list[str | None]:
    """The settings' secrets: operator and Twilio tokens, the LLM key and the password in REDIS_URL."""
    password = urlsplit(settings.redis_url).password if settings.redis_url else None
    return [settings.admin_token, settings.twilio_auth_token, settings.openai_api_key, password,
            unquote(password) if password else None]


def mask_secrets(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, "***")
    return URL_CREDENTIALS.sub(r"\g<scheme>\g<user>:***@", text) if "://" in text else text


def mask(text: str) -> str:
    def hide(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return "***" + digits[-4:] if len(digits) >= 10 else match.group(0)

    return PHONE.sub(hide, mask_secrets(text))


class MaskingFilter(logging.Filter):
    """Renders the message once with its arguments and masks phone numbers and secrets in it, in its traceback and in
    the extra fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:  # rendered here so that every formatter prints it masked
            record.exc_text = mask(_TRACEBACKS.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, mask(value))
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
                                "level": record.levelname.lower(), "logger": record.name, "msg": record.getMessage()}
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            line["error"] = mask(record.exc_text or self.formatException(record.exc_info))
        return mask_secrets(json.dumps(line, ensure_ascii=False, default=str))  # extras that are not strings too


def configure_logging(log_format: str = "json", level: int = logging.INFO) -> None:
    """One stdout handler for the root logger (uvicorn's loggers propagate to it); quiet third-party noise."""
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(MaskingFilter())
    handler.setFormatter(JsonFormatter() if log_format == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    for noisy in ("httpx", "sentence_transformers", "transformers", "huggingface_hub", "lancedb", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
