"""Process configuration from environment variables (and a local .env), read once."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob of the agent; unset values fall back to the embedded offline defaults."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    catalog_path: Path | None = Field(None, description="CSV catalog; the shipped one when unset.")
    checkpoint_db: Path = Field(REPO_ROOT / "data" / "checkpoints.sqlite",
                                description="SQLite file for conversation state.")
    openai_api_key: str | None = Field(None, description="Turns the optional LLM on.")
    openai_base_url: str | None = Field(None, description="Any OpenAI-compatible endpoint; turns the LLM on.")
    llm_model: str = Field("gpt-4o", description="Chat model name for the optional LLM.")
    llm_timeout_s: float = Field(8.0, gt=0, description="Per-call LLM timeout; rules answer after it.")
    llm_rephrase: bool = Field(True, description="Let the LLM reword grounded replies.")
    max_input_chars: int = Field(1000, ge=50, description="Longer messages are cut politely.")

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)
