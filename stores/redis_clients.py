"""The Redis client of a deployment: one server (redis://, rediss://) or the primary Sentinel names.

    REDIS_URL=redis+sentinel://[[user]:password@]host:port[,host:port...]/<service_name>[/<db>][?sentinel_password=...]

With Sentinel, the client asks the sentinels for the current primary on every new connection. When the
primary dies, commands fail with connection errors (or READONLY from a demoted primary) until Sentinel
has promoted a replica; `FailoverRetry` keeps retrying them with a capped backoff for up to
`failover_wait_s`, so the same client (and the Backend built on it) continues on the new primary.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, ReadOnlyError, TimeoutError
from redis.retry import Retry
from redis.sentinel import Sentinel

SENTINEL_SCHEME = "redis+sentinel"
CLIENT_OPTIONS: dict[str, Any] = {"socket_timeout": 5, "socket_connect_timeout": 3, "health_check_interval": 30}
T = TypeVar("T")


class FailoverRetry(Retry):
    """redis-py's Retry bounded by time instead of by count: 0.05 s, 0.1 s, ... up to 0.5 s between tries.

    redis-py retries both the connection (asking Sentinel for the primary) and the command with the same
    object; a count would multiply across the two levels, a deadline does not.
    """

    def __init__(self, budget_s: float) -> None:
        super().__init__(ExponentialBackoff(cap=0.5, base=0.025), retries=1_000,
                         supported_errors=(ConnectionError, TimeoutError, socket.timeout, ReadOnlyError))
        self.budget_s = budget_s

    def call_with_retry(self, do: Callable[[], T], fail: Callable[..., Any],
                        is_retryable: Callable[[Exception], bool] | None = None,
                        with_failure_count: bool = False) -> T:
        deadline = time.monotonic() + self.budget_s
        failures = 0
        while True:
            try:
                return do()
            except self._supported_errors as error:
                if is_retryable and not is_retryable(error):
                    raise
                failures += 1
                if with_failure_count:
                    fail(error, failures)
                else:
                    fail(error)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise
                time.sleep(min(self._backoff.compute(failures), left))


def is_sentinel_url(url: str) -> bool:
    return url.startswith(f"{SENTINEL_SCHEME}://")


def redis_client(url: str, *, failover_wait_s: float = 10.0, **options: Any) -> redis.Redis:
    """A client for `url`; with redis+sentinel:// one that follows the primary across failovers."""
    options = {**CLIENT_OPTIONS, **options}
    if not is_sentinel_url(url):
        return redis.Redis.from_url(url, **options)
    sentinels, service, db, auth, sentinel_auth = parse_sentinel_url(url)
    retry = FailoverRetry(failover_wait_s)
    sentinel_options = {"socket_timeout": 1, "socket_connect_timeout": 1, **sentinel_auth}
    manager = Sentinel(sentinels, sentinel_kwargs=sentinel_options)
    return manager.master_for(service, db=db, retry=retry, retry_on_error=[ConnectionError, TimeoutError, ReadOnlyError],
                              **auth, **options)


def parse_sentinel_url(url: str) -> tuple[list[tuple[str, int]], str, int, dict[str, str], dict[str, str]]:
    """(sentinel addresses, service name, db, data-node credentials, sentinel credentials) of a redis+sentinel URL."""
    parts = urlsplit(url)
    userinfo, _, hosts = parts.netloc.rpartition("@")
    sentinels = []
    for host in hosts.split(","):
        name, _, port = host.strip().rpartition(":")
        if not name or not port.isdigit():
            raise ValueError(f"sentinel address must be host:port, got {host!r}")
        sentinels.append((name.strip("[]"), int(port)))
    path = [p for p in parts.path.split("/") if p]
    if not path or len(path) > 2 or (len(path) == 2 and not path[1].isdigit()):
        raise ValueError("redis+sentinel URL needs /<service_name>[/<db>] after the sentinel addresses")
    auth: dict[str, str] = {}
    if userinfo:
        user, has_password, password = userinfo.partition(":")
        if user:
            auth["username"] = unquote(user)
        if has_password:
            auth["password"] = unquote(password)
    query = parse_qs(parts.query)
    sentinel_auth = {"password": query["sentinel_password"][0]} if "sentinel_password" in query else {}
    return sentinels, unquote(path[0]), int(path[1]) if len(path) == 2 else 0, auth, sentinel_auth
