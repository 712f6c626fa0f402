"""Turn order per conversation: one at a time, first come first served; others run in parallel."""

from __future__ import annotations

import threading
import time

import pytest
import redis

from stores.redis_dev_server import RedisDevServer
from stores.session_locks import LocalSessionLocks, RedisSessionLocks


@pytest.fixture(params=["local", "redis"])
def locks(request):
    if request.param == "local":
        yield LocalSessionLocks()
        return
    with RedisDevServer() as server:
        yield RedisSessionLocks(redis.Redis.from_url(server.url))


def test_turns_of_one_conversation_run_one_at_a_time_in_arrival_order(locks) -> None:
    order: list[int] = []
    inside = []

    def turn(n: int) -> None:
        with locks.hold("buyer"):
            inside.append(n)
            assert len(inside) == 1
            time.sleep(0.01)
            order.append(n)
            inside.remove(n)

    threads = []
    for n in range(8):
        threads.append(threading.Thread(target=turn, args=(n,)))
        threads[-1].start()
        time.sleep(0.05)  # arrival order (wide enough that a loaded CI machine keeps it)
    for thread in threads:
        thread.join(10)
    assert order == list(range(8))


def test_different_conversations_do_not_wait_for_each_other(locks) -> None:
    entered = threading.Event()

    def slow() -> None:
        with locks.hold("a"):
            entered.set()
            time.sleep(0.5)

    thread = threading.Thread(target=slow)
    thread.start()
    entered.wait(5)
    started = time.monotonic()
    with locks.hold("b"):
        pass
    assert time.monotonic() - started < 0.2
    thread.join()


def test_a_dead_holder_is_skipped_after_the_lease() -> None:
    locks = LocalSessionLocks(lease_s=0.2)
    abandoned = locks.hold("c")
    abandoned.__enter__()  # never exits, like a crashed worker
    started = time.monotonic()
    with locks.hold("c"):
        pass
    assert 0.15 < time.monotonic() - started < 2


def test_a_ticket_command_resent_after_a_lost_reply_takes_no_second_ticket() -> None:
    # Given a client whose first ticket command runs on the server but loses its reply, as in a failover, and which
    # then sends it again (redis-py's retry)
    with RedisDevServer() as server:
        client = redis.Redis.from_url(server.url)
        locks = RedisSessionLocks(client, lease_s=5)
        take = locks._take_ticket

        def lose_first_reply(*args, **kwargs):
            take(*args, **kwargs)  # applied on the server...
            locks._take_ticket = take
            return take(*args, **kwargs)  # ...and resent with the same arguments

        locks._take_ticket = lose_first_reply
        started = time.monotonic()
        with locks.hold("c"):
            pass
        # Then neither this turn nor the next waits a lease for a ticket nobody holds
        with locks.hold("c"):
            pass
        assert time.monotonic() - started < 1
        assert client.hkeys("turns:c:tickets") == [b"next"]  # finished turns leave no token behind
