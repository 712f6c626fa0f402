"""High availability: the agent on Redis Sentinel keeps its conversations when the primary dies.

The slow tests start a real primary + replica (JSON and Search modules loaded) + three sentinels
(`stores/redis_dev_sentinel.py`), SIGKILL the primary in the middle of a turn and check that the turn
and the conversation continue on the promoted replica with their state.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from redis.exceptions import ConnectionError
from redisvl.query import FilterQuery
from redisvl.query.filter import Tag

from api.main import create_app
from api.service import ChatService
from graph.build import build_graph
from graph.deps import Deps
from graph.settings import Settings
from stores.backend import Backend, redis_backend
from stores.checkpointers import redis_checkpointer
from stores.conversations import RedisConversationLog
from stores.redis_clients import FailoverRetry, parse_sentinel_url, redis_client
from stores.redis_dev_cluster import RedisClusterDev
from stores.redis_dev_sentinel import RedisSentinelDev
from tests.api.conftest import TWILIO_TOKEN, messages_of, sign, whatsapp_params
from tests.conftest import NOW


def test_sentinel_urls_name_the_sentinels_service_db_and_credentials() -> None:
    assert parse_sentinel_url("redis+sentinel://10.0.0.1:26379,10.0.0.2:26380/agente/2") == (
        [("10.0.0.1", 26379), ("10.0.0.2", 26380)], "agente", 2, {}, {})
    assert parse_sentinel_url("redis+sentinel://:s%40cret@s1:26379/agente?sentinel_password=x") == (
        [("s1", 26379)], "agente", 0, {"password": "s@cret"}, {"password": "x"})
    assert parse_sentinel_url("redis+sentinel://app:pw@s1:26379/agente/0")[3] == {"username": "app", "password": "pw"}
    for bad in ("redis+sentinel://s1:26379", "redis+sentinel://s1/agente", "redis+sentinel://s1:26379/a/b/c"):
        with pytest.raises(ValueError):
            parse_sentinel_url(bad)


def test_failover_retry_is_bounded_by_time_not_by_count() -> None:
    calls: list[float] = []

    def down() -> None:
        calls.append(time.monotonic())
        raise ConnectionError("primary down")

    started = time.monotonic()
    with pytest.raises(ConnectionError):
        FailoverRetry(0.6).call_with_retry(down, lambda error: None)
    assert 0.6 <= time.monotonic() - started < 1.5 and len(calls) >= 4
    attempts = iter([ConnectionError("failing over"), ConnectionError("failing over"), None])

    def comes_back() -> str:
        if error := next(attempts):
            raise error
        return "ok"

    assert FailoverRetry(5).call_with_retry(comes_back, lambda error: None) == "ok"


class KillingClock:
    """The agent's clock; when armed, the next turn that reads it (in classify_intent, before any state
    write of the turn) first SIGKILLs the Redis primary: a crash in the middle of a turn, deterministically."""

    def __init__(self, setup: RedisSentinelDev) -> None:
        self.setup = setup
        self.armed = False
        self.killed_at: float | None = None
        self.killed_port: int | None = None

    def __call__(self) -> datetime:
        if self.armed:
            self.armed = False
            self.killed_port = self.setup.primary_port()
            self.setup.kill_primary()
            self.killed_at = time.monotonic()
        return NOW


@pytest.fixture
def sentinel_setup() -> Iterator[RedisSentinelDev]:
    with RedisSentinelDev() as setup:
        yield setup


def _backend(setup: RedisSentinelDev) -> Backend:
    return redis_backend(setup.url, 1, failover_wait_s=20, wait_replicas=1)


@pytest.mark.slow
def test_conversation_continues_on_the_promoted_replica_when_the_primary_dies_mid_turn(
        sentinel_setup: RedisSentinelDev, catalog, knowledge) -> None:
    clock = KillingClock(sentinel_setup)
    backend = _backend(sentinel_setup)
    service = ChatService(build_graph(deps=Deps(catalog=catalog, knowledge=knowledge, clock=clock),
                                      checkpointer=backend.checkpointer), backend)
    listing = service.run_turn("buyer", "busco una troca automatica")
    assert listing.turn["turn"] == 1 and "pickup" in listing.messages[0]
    details = service.run_turn("buyer", "el segundo")
    chosen = details.turn["slots"]
    assert details.turn["intent"] == "car_details" and chosen["stock_id"]

    clock.armed = True  # no pause after turn 2: WAIT 1 made it reach the replica before run_turn returned
    started = time.monotonic()
    financing = service.run_turn("buyer", "con 100 mil de enganche a 4 años")
    turn_s = time.monotonic() - started

    assert clock.killed_at is not None and sentinel_setup.primary_port() != clock.killed_port  # it failed over
    assert financing.turn["turn"] == 3 and financing.turn["intent"] == "financing"
    assert "4 años (48 meses)" in financing.messages[0]
    assert financing.turn["slots"]["stock_id"] == chosen["stock_id"]  # the car chosen before the crash
    more = service.run_turn("buyer", "¿y a 6 años?")
    assert more.turn["turn"] == 4 and "6 años (72 meses)" in more.messages[0]
    assert more.turn["slots"]["down_payment"] == 100000 and more.turn["slots"]["stock_id"] == chosen["stock_id"]
    assert [t["turn"] for t in backend.conversations.traces("buyer")] == [1, 2, 3, 4]
    assert backend.conversations.get("buyer").message_count == 4  # the in-flight turn was applied once
    assert turn_s < 15, f"the turn caught in the failover took {turn_s:.1f} s"
    print(f"\nfailover: primary killed mid-turn; the turn finished on the new primary {turn_s:.2f} s after the kill")

    # the killed server comes back as a replica of the new primary and catches up: redundancy restored
    old = sentinel_setup.server_on(clock.killed_port)  # type: ignore[arg-type]
    sentinel_setup.rejoin(old)
    rejoined = redis.Redis(port=old.port)
    deadline = time.monotonic() + 30
    while rejoined.llen("conversation:buyer:traces") != 4 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert rejoined.info("replication")["role"] == "slave" and rejoined.llen("conversation:buyer:traces") == 4


@pytest.mark.slow
def test_whatsapp_webhook_keeps_answering_across_a_failover(sentinel_setup: RedisSentinelDev, tmp_path: Path,
                                                           catalog, knowledge) -> None:
    clock = KillingClock(sentinel_setup)
    settings = Settings(checkpoint_db=tmp_path / "unused.sqlite", twilio_auth_token=TWILIO_TOKEN,
                        redis_url=sentinel_setup.url, redis_ttl_days=1, redis_failover_wait_s=20, redis_wait_replicas=1)
    app = create_app(settings, deps=Deps(catalog=catalog, knowledge=knowledge, clock=clock, settings=settings))
    with TestClient(app) as client:
        def post(body: str, sid: str | None = None) -> Any:
            params = whatsapp_params(body, sid=sid)
            return client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})

        assert "pickup" in messages_of(post("busco una troca automatica").text)[0]
        clock.armed = True
        response = post("el segundo", sid="SMduringFailover")
        assert response.status_code == 200, response.text
        assert messages_of(response.text)[0].startswith("*") and "Precio:" in messages_of(response.text)[0]
        assert clock.killed_at is not None and sentinel_setup.primary_port() != clock.killed_port
        again = post("el segundo", sid="SMduringFailover")  # Twilio's retry of it: the first reply, no second turn
        assert messages_of(again.text) == messages_of(response.text)
        financing = post("con 100 mil de enganche a 4 años")
        assert "4 años (48 meses)" in messages_of(financing.text)[0]
        trace = client.get(f"/webhook/conversation/{whatsapp_params('')['From']}/trace").json()["turns"]
        assert [t["turn"] for t in trace] == [1, 2, 3]
        assert [t["intent"] for t in trace] == ["search_cars", "car_details", "financing"]


@pytest.mark.slow
def test_the_sentinel_client_follows_a_manual_failover_without_errors(sentinel_setup: RedisSentinelDev) -> None:
    """SENTINEL FAILOVER demotes a live primary: its connections get READONLY, which the client retries."""
    client = redis_client(sentinel_setup.url, failover_wait_s=20)
    client.set("k", 1)
    old = sentinel_setup.primary_port()
    sentinel_setup.sentinels[0].client().execute_command("SENTINEL", "FAILOVER", sentinel_setup.service)
    deadline, n = time.monotonic() + 30, 0
    while sentinel_setup.primary_port() == old and time.monotonic() < deadline:  # writes go on through the switch
        n += 1
        client.set("k", n)
        time.sleep(0.01)
    assert sentinel_setup.wait_for_new_primary(old) != old
    for _ in range(20):  # the demoted primary answers READONLY until the client has moved
        n += 1
        client.set("k", n)
        time.sleep(0.05)
    assert int(client.get("k")) == n
    assert client.connection_pool.get_master_address()[1] != old


@pytest.mark.slow
def test_redis_cluster_carries_a_conversations_state_but_search_sees_one_node(catalog, knowledge) -> None:
    """What runs on an OSS Redis Cluster today (README "High availability"): the checkpointer alone carries a
    conversation (its checkpoint is read by key), but RediSearch without its coordinator indexes each node's keys
    only, so what the saver finds by search (deleting a thread, listing its checkpoints) misses other nodes."""
    with RedisClusterDev() as cluster:
        client = cluster.client()
        saver = redis_checkpointer(client, 1)
        index_node = cluster.node_of("checkpoint")  # FT.* commands go to the node owning the index name's slot
        thread = next(t for t in (f"buyer-{i}" for i in range(100))
                      if cluster.node_of(f"checkpoint:{t}:") is not index_node)  # the shallow saver's key
        graph = build_graph(deps=Deps(catalog=catalog, knowledge=knowledge, clock=lambda: NOW), checkpointer=saver)
        config = {"configurable": {"thread_id": thread}}
        for text in ("busco una troca automatica", "el segundo", "con 100 mil de enganche a 4 años"):
            state = graph.invoke({"text": text}, config, durability="exit")
        assert state["turn"] == 3 and "4 años (48 meses)" in state["outbound"][0]
        assert state["slots"].stock_id and state["slots"].down_payment == 100000
        assert redis.Redis(port=cluster.node_of(f"checkpoint:{thread}:").port).exists(f"checkpoint:{thread}:")

        found = saver.checkpoints_index.search(FilterQuery(filter_expression=Tag("thread_id") == thread))
        assert found.total == 0  # the index node does not see the checkpoint on another node
        saver.delete_thread(thread)
        assert saver.get_tuple(config) is not None  # so deleting the conversation leaves its state behind

        with pytest.raises(redis.exceptions.RedisClusterException, match="same slot"):
            RedisConversationLog(client, 86400).record_turn(thread, "hola", {"turn": 1})  # MULTI across slots
