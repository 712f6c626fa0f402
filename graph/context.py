"""Per-run knobs a conversation designer can set from LangGraph Studio's configurable context."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AgentContext:
    """Choices for one run; empty values keep the process settings."""

    catalog_path: str | None = field(default=None, metadata={
        "description": "CSV catalog (brief's format) to use for this run; the configured one when empty."})
    use_llm: bool = field(default=True, metadata={
        "description": "Let the configured LLM propose and reword; off runs the built-in rules only."})
