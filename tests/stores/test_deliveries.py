"""The delivery ledger on both backends: one claim per message, leases that a retry can take over."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from stores.deliveries import Claim, DeliveryLedger, RedisDeliveryLedger, SqliteDeliveryLedger
from stores.redis_dev_server import RedisDevServer


@pytest.fixture(params=["sqlite", "redis"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DeliveryLedger]:
    if request.param == "sqlite":
        yield SqliteDeliveryLedger(tmp_path / "ledger.sqlite")
        return
    with RedisDevServer() as server:
        yield RedisDeliveryLedger(redis.Redis.from_url(server.url))


def test_a_message_is_claimed_once_and_its_reply_shared(ledger: DeliveryLedger) -> None:
    assert ledger.claim("SM1") is Claim.NEW
    assert ledger.claim("SM1") is Claim.TAKEN and ledger.reply("SM1") is None
    ledger.complete("SM1", {"messages": ["hola"]})
    assert ledger.claim("SM1", lease_s=0) is Claim.TAKEN  # a finished message is never run again
    assert ledger.reply("SM1") == {"messages": ["hola"]}


def test_a_released_claim_is_taken_over_by_the_next_delivery(ledger: DeliveryLedger) -> None:
    assert ledger.claim("SM2") is Claim.NEW
    ledger.release("SM2")  # the turn failed (a store error): the retry must not wait for a lease
    assert ledger.claim("SM2") is Claim.TAKEOVER
    assert ledger.claim("SM2") is Claim.TAKEN


def test_a_dead_holder_loses_its_claim_after_the_lease(ledger: DeliveryLedger) -> None:
    assert ledger.claim("SM3", lease_s=0.2) is Claim.NEW
    assert ledger.claim("SM3", lease_s=0.2) is Claim.TAKEN
    time.sleep(0.3)
    assert ledger.claim("SM3", lease_s=0.2) is Claim.TAKEOVER
    assert ledger.claim("SM3", lease_s=0.2) is Claim.TAKEN  # the new holder has a fresh lease
