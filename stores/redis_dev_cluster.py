"""A local 3-node Redis Cluster (no replicas) with the JSON and Search modules, for tests and experiments.

`redis-cli --cluster create` is not shipped here: the slots are assigned with CLUSTER ADDSLOTSRANGE and
the nodes introduced with CLUSTER MEET. See README "High availability" for what runs on it today.
"""

from __future__ import annotations

import time
from types import TracebackType

import redis
from redis.cluster import RedisCluster

from stores.redis_dev_server import RedisDevServer, free_port

SLOTS = 16384


class RedisClusterDev:
    def __init__(self, nodes: int = 3) -> None:
        self.bus_ports = [free_port() for _ in range(nodes)]  # explicit: port + 10000 may not exist
        self.nodes = [RedisDevServer(extra_args=["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                                                 "--cluster-node-timeout", "2000", "--cluster-port", str(bus)])
                      for bus in self.bus_ports]

    def start(self, timeout_s: float = 30.0) -> RedisClusterDev:
        try:
            for node in self.nodes:
                node.start()
            clients = [redis.Redis(port=node.port, decode_responses=True) for node in self.nodes]
            share = SLOTS // len(clients)
            for i, client in enumerate(clients):
                last = SLOTS - 1 if i == len(clients) - 1 else (i + 1) * share - 1
                client.execute_command("CLUSTER", "ADDSLOTSRANGE", i * share, last)
            for client in clients[1:]:
                client.execute_command("CLUSTER", "MEET", "127.0.0.1", self.nodes[0].port, self.bus_ports[0])
            deadline = time.monotonic() + timeout_s
            while not all(self._ok(client) for client in clients):
                if time.monotonic() > deadline:
                    raise RuntimeError("cluster did not converge")
                time.sleep(0.1)
        except BaseException:
            self.cleanup()
            raise
        return self

    def _ok(self, client: redis.Redis) -> bool:
        info = client.execute_command("CLUSTER", "INFO")
        return "cluster_state:ok" in info and f"cluster_known_nodes:{len(self.nodes)}" in info

    def client(self) -> RedisCluster:
        return RedisCluster(host="127.0.0.1", port=self.nodes[0].port)

    def node_of(self, key: str) -> RedisDevServer:
        """The node that owns `key`'s slot."""
        _, port = self.client().get_node_from_key(key).name.rsplit(":", 1)
        return next(node for node in self.nodes if node.port == int(port))

    def cleanup(self) -> None:
        for node in self.nodes:
            node.cleanup()

    def __enter__(self) -> RedisClusterDev:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.cleanup()
