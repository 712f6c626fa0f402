"""Per-sender rate limit of inbound messages: a token bucket per conversation.

A sender may send `burst` messages at once and `per_minute` messages a minute after that. Over the limit the
first message of a notice window gets a polite note (NOTIFY) and the rest get nothing (DROP) until the bucket
refills. A delivery's decision is remembered by its MessageSid, so a Twilio retry of a message already counted
costs no budget and gets the same decision again.

The embedded SQLite backend serves from one process, so its limiter lives in memory; with Redis every worker
shares one bucket per sender, updated by one atomic Lua script.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import redis

NOTICE_WINDOW_S = 60.0
"""At most one polite note per sender in this many seconds while it stays over the limit."""
SEEN_TTL_S = 3600
"""How long a MessageSid's decision is remembered: Twilio retries within minutes."""


class Decision(enum.IntEnum):
    ALLOW = 0
    NOTIFY = 1
    """Over the limit: answer once with the polite note."""
    DROP = 2
    """Over the limit and already told in this window: answer nothing."""


class RateLimiter(Protocol):
    def hit(self, sender: str, message_sid: str, *, burst: int, per_minute: float) -> Decision: ...


@dataclass
class _Bucket:
    tokens: float
    updated: float
    noticed: float = float("-inf")


class LocalRateLimiter:
    """In-process buckets (the embedded backend serves from one process)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, notice_window_s: float = NOTICE_WINDOW_S,
                 seen_ttl_s: float = SEEN_TTL_S) -> None:
        self._clock = clock
        self._notice_window_s = notice_window_s
        self._seen_ttl_s = seen_ttl_s
        self._buckets: dict[str, _Bucket] = {}
        self._seen: dict[str, tuple[Decision, float]] = {}
        self._guard = threading.Lock()
        self._next_prune = 0.0

    def hit(self, sender: str, message_sid: str, *, burst: int, per_minute: float) -> Decision:
        now, rate = self._clock(), per_minute / 60.0
        with self._guard:
            if now >= self._next_prune:
                self._prune(now, burst, rate)
            seen = self._seen.get(message_sid)
            if seen is not None:
                return seen[0]
            bucket = self._buckets.setdefault(sender, _Bucket(tokens=float(burst), updated=now))
            bucket.tokens = min(float(burst), bucket.tokens + max(0.0, now - bucket.updated) * rate)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                decision = Decision.ALLOW
            elif now - bucket.noticed >= self._notice_window_s:
                bucket.noticed = now
                decision = Decision.NOTIFY
            else:
                decision = Decision.DROP
            self._seen[message_sid] = (decision, now + self._seen_ttl_s)
            return decision

    def _prune(self, now: float, burst: int, rate: float) -> None:
        """Forget buckets that have refilled (and are past their notice window) and expired MessageSids."""
        refill_s = burst / rate if rate > 0 else 0.0
        idle_s = max(refill_s, self._notice_window_s)
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.updated < idle_s}
        self._seen = {k: v for k, v in self._seen.items() if v[1] > now}
        self._next_prune = now + 60.0


# KEYS[1]: the sender's bucket (hash), KEYS[2]: the decision for this MessageSid.
# ARGV: burst, tokens per second, notice window s, bucket ttl s, seen ttl s.
# Time comes from the Redis server, so every worker's clock agrees.
_HIT = """
local seen = redis.call('GET', KEYS[2])
if seen then return tonumber(seen) end
local burst, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
local window, bucket_ttl, seen_ttl = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated', 'noticed')
local tokens = tonumber(state[1]) or burst
local updated = tonumber(state[2]) or now
local noticed = tonumber(state[3]) or -1
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local decision = 0
if tokens >= 1 then
  tokens = tokens - 1
elseif noticed < 0 or now - noticed >= window then
  noticed = now
  decision = 1
else
  decision = 2
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now), 'noticed', tostring(noticed))
redis.call('EXPIRE', KEYS[1], bucket_ttl)
redis.call('SET', KEYS[2], decision, 'EX', seen_ttl)
return decision
"""


class RedisRateLimiter:
    """One bucket per sender in Redis, shared by every worker; one atomic script per delivery.

    Both keys carry the sender as a hash tag, so they live in one slot of a Redis Cluster.
    """

    def __init__(self, client: redis.Redis, notice_window_s: float = NOTICE_WINDOW_S,
                 seen_ttl_s: int = SEEN_TTL_S) -> None:
        self._script = client.register_script(_HIT)
        self._notice_window_s = notice_window_s
        self._seen_ttl_s = seen_ttl_s

    def hit(self, sender: str, message_sid: str, *, burst: int, per_minute: float) -> Decision:
        rate = per_minute / 60.0
        bucket_ttl = int(max(burst / rate, self._notice_window_s)) + 60  # refilled and forgotten
        keys = [f"ratelimit:{{{sender}}}", f"ratelimit:{{{sender}}}:sid:{message_sid}"]
        result = self._script(keys=keys, args=[burst, repr(rate), repr(self._notice_window_s), bucket_ttl,
                                               self._seen_ttl_s])
        return Decision(int(result))  # type: ignore[arg-type]
