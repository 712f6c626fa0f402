"""A local Redis Sentinel set-up for tests and development: one primary, one replica, three sentinels.

Every process is the `redis-server` binary of `stores/redis_dev_server.py`: the primary and the replica
load the JSON and Search modules, the sentinels run `redis-server sentinel.conf --sentinel` with a
generated config (short down-after / failover timeouts, so a failover takes seconds in tests).

    python -m stores.redis_dev_sentinel          # prints REDIS_URL=redis+sentinel://..., runs until Ctrl+C
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

import redis

from stores.redis_dev_server import RedisDevServer, free_port, server_binary

SERVICE = "agente"


class DevSentinel:
    """One `redis-server --sentinel` process watching `service` at the primary's address."""

    def __init__(self, directory: Path, primary_port: int, *, service: str, quorum: int,
                 down_after_ms: int, failover_timeout_ms: int) -> None:
        self.port = free_port()
        self.config = directory / f"sentinel-{self.port}.conf"
        self.config.write_text("\n".join([  # sentinel rewrites this file as it learns the topology
            f"port {self.port}", "bind 127.0.0.1", f"dir {directory}",
            f"sentinel monitor {service} 127.0.0.1 {primary_port} {quorum}",
            f"sentinel down-after-milliseconds {service} {down_after_ms}",
            f"sentinel failover-timeout {service} {failover_timeout_ms}",
            f"sentinel parallel-syncs {service} 1", ""]))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([str(server_binary()), str(self.config), "--sentinel"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=2, decode_responses=True)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


class RedisSentinelDev:
    """Primary + replica (modules loaded, AOF on) + three sentinels, all on free loopback ports.

    `url` is what REDIS_URL takes to connect through the sentinels (see `stores/backend.py`).
    """

    def __init__(self, *, service: str = SERVICE, sentinels: int = 3, quorum: int = 2,
                 down_after_ms: int = 1000, failover_timeout_ms: int = 3000) -> None:
        self.service = service
        self.directory = Path(tempfile.mkdtemp(prefix="redis-sentinel-dev-"))
        self.primary = RedisDevServer(data_dir=self._subdir("primary"))
        self.replica = RedisDevServer(data_dir=self._subdir("replica"),
                                      extra_args=["--replicaof", "127.0.0.1", str(self.primary.port)])
        self.sentinels = [DevSentinel(self.directory, self.primary.port, service=service, quorum=quorum,
                                      down_after_ms=down_after_ms, failover_timeout_ms=failover_timeout_ms)
                          for _ in range(sentinels)]

    def _subdir(self, name: str) -> Path:
        path = self.directory / name
        path.mkdir()
        return path

    @property
    def url(self) -> str:
        hosts = ",".join(f"127.0.0.1:{s.port}" for s in self.sentinels)
        return f"redis+sentinel://{hosts}/{self.service}/0"

    @property
    def servers(self) -> list[RedisDevServer]:
        return [self.primary, self.replica]

    def start(self, timeout_s: float = 30.0) -> RedisSentinelDev:
        try:
            self.primary.start()
            self.replica.start()
            for sentinel in self.sentinels:
                sentinel.start()
            self.wait_ready(timeout_s)
        except BaseException:
            self.cleanup()
            raise
        return self

    def wait_ready(self, timeout_s: float = 30.0) -> None:
        """Until the replica is in sync and every sentinel knows the replica and the other sentinels."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._ready():
                return
            time.sleep(0.1)
        raise RuntimeError(f"sentinel set-up not ready after {timeout_s} s")

    def _ready(self) -> bool:
        try:
            primary_port = self.primary_port()
            for sentinel in self.sentinels:
                client = sentinel.client()
                master = client.sentinel_master(self.service)
                replicas = client.sentinel_slaves(self.service)
                if (master["port"] != primary_port or master["is_sdown"] or master["is_odown"]
                        or master["num-other-sentinels"] < len(self.sentinels) - 1
                        or not any(r["master-link-status"] == "ok" and not r["is_sdown"] for r in replicas)):
                    return False
            return True
        except (redis.RedisError, KeyError):
            return False

    def primary_port(self) -> int:
        """The port the sentinels report as primary now."""
        _, port = self.sentinels[0].client().sentinel_get_master_addr_by_name(self.service)
        return int(port)

    def server_on(self, port: int) -> RedisDevServer:
        return next(s for s in self.servers if s.port == port)

    def kill_primary(self) -> RedisDevServer:
        """SIGKILL the current primary; returns it (restart it with `.start()`: it rejoins as a replica)."""
        victim = self.server_on(self.primary_port())
        victim.kill()
        return victim

    def rejoin(self, server: RedisDevServer) -> None:
        """Restart a killed server as a replica of the current primary, as an orchestrator would (Sentinel
        alone also converts a returning old primary, but only some 10-20 s after it answers again)."""
        server.extra_args = ["--replicaof", "127.0.0.1", str(self.primary_port())]
        server.start()
        self.wait_ready()

    def wait_for_new_primary(self, old_port: int, timeout_s: float = 30.0) -> int:
        """Until every sentinel names another primary, and that primary answers as master; its port."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                ports = {int(s.client().sentinel_get_master_addr_by_name(self.service)[1]) for s in self.sentinels}
                if len(ports) == 1 and old_port not in ports:
                    port = ports.pop()
                    if redis.Redis(port=port, socket_timeout=2).info("replication")["role"] == "master":
                        return port
            except (redis.RedisError, TypeError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"no failover within {timeout_s} s")

    def cleanup(self) -> None:
        for sentinel in self.sentinels:
            sentinel.stop()
        for server in self.servers:
            server.cleanup()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> RedisSentinelDev:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description="Run a local Redis primary, replica and three sentinels.")
    parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the five processes on SIGTERM too
    with RedisSentinelDev() as setup:
        print(f"REDIS_URL={setup.url}", flush=True)
        try:
            while all(s.process and s.process.poll() is None for s in setup.sentinels):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
