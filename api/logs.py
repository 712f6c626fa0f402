"""Logs for operators: JSON lines on stdout by default (`LOG_FORMAT=text` for humans), phone numbers masked to their
last four digits in every line, whoever logs it."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from typing import Any

PHONE = re.compile(r"(?:whatsapp:)?\+?\d[\d \-]{5,18}\d{4}\b")
"""Phone-like runs (10 or more digits, with or without "whatsapp:+"): all but the last four digits are hidden."""
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def mask(text: str) -> str:
    def hide(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return "***" + digits[-4:] if len(digits) >= 10 else match.group(0)

    return PHONE.sub(hide, text)


class MaskingFilter(logging.Filter):
    """Renders the message once with its arguments and masks phone numbers in it and in the extra fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = ()
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
            line["error"] = mask(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


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
