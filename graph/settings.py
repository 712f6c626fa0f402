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
    knowledge_path: Path = Field(REPO_ROOT / "data" / "knowledge",
                                 description="LanceDB directory of the company knowledge base.")
    knowledge_docs: Path | None = Field(None, description="Markdown documents of the knowledge base; shipped ones when unset.")
    openai_api_key: str | None = Field(None, description="Turns the optional LLM on.")
    openai_base_url: str | None = Field(None, description="Any OpenAI-compatible endpoint; turns the LLM on.")
    llm_model: str = Field("gpt-4o", description="Chat model name for the optional LLM.")
    llm_timeout_s: float = Field(8.0, gt=0, description="Per-call LLM timeout; rules answer after it.")
    llm_rephrase: bool = Field(True, description="Let the LLM reword grounded replies.")
    llm_turn_budget_s: float = Field(6.0, gt=0, description="Both LLM calls of a turn together; below the webhook's "
                                                             "deadline (TURN_DEADLINE_S) by a margin.")
    llm_breaker_failures: int = Field(3, ge=1, description="Failures in a row that stop calling the LLM.")
    llm_breaker_cooldown_s: float = Field(60.0, gt=0, description="How long the LLM is not called after that.")
    max_input_chars: int = Field(1000, ge=50, description="Longer messages are cut politely.")

    host: str = Field("127.0.0.1", description="Address the API listens on.")
    port: int = Field(8000, description="Port the API listens on.")
    workers: int = Field(1, ge=1, description="uvicorn worker processes (more than one needs REDIS_URL).")
    redis_url: str | None = Field(None, description="Redis 8 / Redis Stack URL; embedded SQLite when unset.")
    redis_ttl_days: float = Field(30, gt=0, description="How long an idle conversation is kept in Redis.")
    redis_checkpoint_history: bool = Field(False, description="Keep every checkpoint of a conversation in Redis (time "
                                                              "travel in Studio), not only the latest.")
    redis_failover_wait_s: float = Field(10.0, gt=0, description="With REDIS_URL=redis+sentinel://...: how long a "
                                         "command keeps retrying while Sentinel promotes a new primary.")
    redis_wait_replicas: int = Field(0, ge=0, description="Replicas that must confirm a turn's writes (Redis WAIT) "
                                     "before its reply goes out; 0: asynchronous replication.")
    admin_token: str | None = Field(None, description="Bearer token for the operator endpoints.")
    twilio_auth_token: str | None = Field(None, description="Validates X-Twilio-Signature and signs REST calls.")
    twilio_account_sid: str | None = Field(None, description="Account for late replies via the REST API.")
    twilio_validate_signature: bool = Field(True, description="Never disable outside local development.")
    twilio_api_base_url: str | None = Field(None, description="Override of https://api.twilio.com (tests).")
    twilio_whatsapp_from: str | None = Field(None, description="The business WhatsApp sender operators reply from "
                                                                 "(whatsapp:+52...).")
    trusted_proxy: bool = Field(False, description="Rebuild the public URL from X-Forwarded-* headers.")
    public_base_url: str | None = Field(None, description="Public https://host Twilio calls, if fixed.")
    turn_threads: int = Field(8, ge=1, description="Threads per worker running turns (raise it with a slow LLM).")
    turn_deadline_s: float = Field(12.0, gt=0, description="Past this, answer with a holding message.")
    turn_lease_s: float = Field(60.0, gt=0, description="How long a turn may hold its conversation and its "
                                                         "message before it is presumed dead (a killed worker) "
                                                         "and a retry or the next message goes ahead.")
    rate_limit_burst: int = Field(8, ge=1, description="Messages one sender may send in a row before the rate "
                                                    "limit applies (token bucket size).")
    rate_limit_per_minute: float = Field(20.0, ge=0, description="Messages a minute one sender may keep sending "
                                                                  "after the burst; 0 turns the limit off.")
    greeting: str | None = Field(None, max_length=1600,
                                 description="The dealer's welcome message; the shipped one when unset.")
    locations_path: Path | None = Field(None, description="Locations and hours (YAML as stores/data/locations.yaml); "
                                                          "the shipped ones when unset.")
    voice_notes: bool = Field(True, description="Transcribe buyers' voice notes on this machine (Whisper base).")
    voice_workers: int = Field(1, ge=1, description="Voice notes transcribed at once per process.")
    voice_queue_limit: int = Field(4, ge=0, description="Voice notes waiting beyond those; more get a polite "
                                                         "\"write to me instead\".")
    voice_threads: int = Field(2, ge=1, description="CPU threads of one transcription.")
    voice_max_seconds: float = Field(120.0, gt=0, description="Longer notes get a polite request for a shorter one.")
    voice_max_bytes: int = Field(3_000_000, gt=0, description="Largest voice note downloaded (bytes).")
    voice_download_timeout_s: float = Field(10.0, gt=0, description="Time cap of one media download.")
    voice_media_hosts: str = Field("api.twilio.com,media.twiliocdn.com",
                                   description="Comma-separated hosts media may be downloaded from (subdomains too).")
    voice_model_cache_dir: Path | None = Field(None, description="Join the speech model's two parts into this "
                                               "directory once and load it from disk (about 150 MB less memory per "
                                               "process); unset: joined in memory.")
    voice_keep_audio_dir: Path | None = Field(None, description="Keep each note's audio here (unset: not stored).")
    voice_low_confidence: float = Field(0.6, ge=0, le=1, description="Below this transcript confidence the reply "
                                                                     "says what was understood.")
    log_format: str = Field("json", pattern="^(json|text)$", description="json lines (default) or text for humans.")
    booking_slot_capacity: int = Field(2, ge=1, description="Appointments one location takes at the same start time.")
    booking_slot_minutes: int = Field(30, ge=10, le=240, description="Length of an appointment slot.")

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)
