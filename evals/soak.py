"""Soak test: buyers over signed webhooks against 2+ workers sharing Redis, through faults, then an audit.

    python -m evals.soak [--buyers 30] [--workers 2] [--duration-s 90] [--seed 7]

What happens (all on loopback, bounded in count and time):
- N buyers chat (scripted conversations and a booking flow each), waiting for each reply like a person, except
  a few bursts where the next message follows 30 ms later without waiting;
- 10 % of deliveries are duplicated as Twilio retries do: half at the same instant as the first, half after it;
- a delivery that gets a 5xx or a broken connection is retried with the same MessageSid (as Twilio's retries);
  a holding message is followed by the real reply over the REST API (a local fake Twilio records it);
- a third into the run Redis is restarted (AOF on); at two thirds one worker is killed (SIGKILL) and uvicorn
  starts a new one.
Afterwards every conversation is audited from Redis: each message applied exactly once and in order, the
conversation log agrees with the checkpoint, every delivery answered (or a retryable 5xx that was then retried),
and every appointment booked once within its slot's capacity. Exit status 1 when the audit fails.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from xml.etree import ElementTree

import httpx
from twilio.request_validator import RequestValidator

from evals.bench import percentile
from evals.load import REPO_ROOT, TO, machine, server_env, stop, tail, wait_healthy
from evals.scripted_conversations import CONVERSATIONS
from nodes import wording
from stores.backend import redis_backend
from stores.redis_dev_server import RedisDevServer, free_port

DUPLICATE_RATE = 0.10
BURST_RATE = 0.05
MAX_ATTEMPTS = 10
CLIENT_TIMEOUT_S = 20.0
THINK_S = 1.0
"""Mean pause of a buyer between a reply and the next message."""
TURN_LEASE_S = 10.0
"""Shorter than the default so a killed worker's conversation moves on within the run."""
PLACES = ["Patio Santa Fe", "Plaza Fortuna", "Antara", "Artz Pedregal", "Cosmopol", "Punto Valle", "Nuevo Sur",
          "Midtown Guadalajara", "Punto Sur", "Puerta la Victoria", "Forum Cuernavaca", "Las Torres"]
DAYS = ["el lunes", "el martes", "el miércoles", "el jueves", "el viernes", "el sábado"]
NAMES = ["Laura", "Pedro", "Lupita", "Jorge", "Mariana", "Toño", "Fernanda", "Beto"]
SKIPPED = {"long_and_empty", "off_topic_and_injection"}
"""Scripts left out: blank messages, and three misunderstood turns in a row hand the chat to a person."""


@dataclass
class Delivery:
    """One buyer message (one MessageSid) and what became of it."""

    buyer: str
    sid: str
    body: str
    sent_at: float
    attempts: int = 0
    failed_attempts: int = 0
    statuses: list[str] = field(default_factory=list)
    messages: list[str] | None = None
    latency_ms: float = 0.0
    duplicate: str = ""
    """"", "concurrent" or "later": how this message was also delivered a second time."""
    burst: bool = False


@dataclass
class Run:
    deliveries: list[Delivery] = field(default_factory=list)
    duplicate_replies: list[tuple[Delivery, list[str] | None]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    late: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    with_person: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Buyer messages an operator received while a conversation was handed over."""
    handoffs: int = 0
    burst_swaps: int = 0
    window_s: float = 0.0


def booking_script(rng: random.Random) -> list[str]:
    return ["busco un sedan automatico", "el primero",
            f"quiero hacer una prueba de manejo en {rng.choice(PLACES)} {rng.choice(DAYS)} a las {rng.randint(10, 17)}",
            f"a nombre de {rng.choice(NAMES)}", "sí", "¿a qué hora era mi cita?"]


def buyer_script(index: int, rng: random.Random) -> Iterator[str]:
    """The buyer's messages until the run ends: one booking early on, then conversations in turn."""
    names = [name for name in CONVERSATIONS if name not in SKIPPED]
    for round_index in itertools.count():
        yield from CONVERSATIONS[names[(index + round_index) % len(names)]]
        if round_index == 0:
            yield from booking_script(rng)


def messages_of(body: str) -> list[str]:
    try:
        return [(m.text or "").strip() or (m.findtext("Body") or "") for m in ElementTree.fromstring(body).iter("Message")]
    except ElementTree.ParseError:
        return []


class Deliverer:
    """Signed POSTs with Twilio-like retries (same MessageSid) on 5xx and broken connections."""

    def __init__(self, client: httpx.AsyncClient, url: str, token: str) -> None:
        self.client, self.url, self.validator = client, url, RequestValidator(token)

    async def post(self, params: dict[str, str], delivery: Delivery) -> list[str] | None:
        headers = {"X-Twilio-Signature": self.validator.compute_signature(self.url, params)}
        for attempt in range(MAX_ATTEMPTS):
            delivery.attempts += 1
            try:
                response = await self.client.post(self.url, data=params, headers=headers)
                delivery.statuses.append(str(response.status_code))
                if response.status_code < 500:
                    return messages_of(response.text) if response.status_code == 200 else None
            except httpx.HTTPError as exc:
                delivery.statuses.append(type(exc).__name__)
            delivery.failed_attempts += 1
            await asyncio.sleep(min(8.0, 0.3 * 2 ** attempt))
        return None


async def buyer(index: int, deliverer: Deliverer, run: Run, rng: random.Random, deadline: float) -> None:
    sender = f"whatsapp:+52155{index:08d}"
    pending: asyncio.Task[Any] | None = None
    await asyncio.sleep(rng.uniform(0, THINK_S))  # buyers do not all start typing at the same instant
    for body in buyer_script(index, rng):
        if time.monotonic() >= deadline:
            break
        delivery = Delivery(sender, "SM" + secrets.token_hex(16), body, time.monotonic())
        run.deliveries.append(delivery)
        params = {"Body": body, "From": sender, "To": TO, "MessageSid": delivery.sid, "NumMedia": "0"}
        roll = rng.random()
        delivery.duplicate = ("concurrent" if roll < DUPLICATE_RATE / 2 else
                              "later" if roll < DUPLICATE_RATE else "")
        task = asyncio.ensure_future(_deliver(deliverer, params, delivery, run))
        if pending is not None:
            await pending
            pending = None
        if rng.random() < BURST_RATE:  # the next message follows without waiting for this reply
            delivery.burst = True
            pending = task
            await asyncio.sleep(0.03)
            continue
        await task
        await asyncio.sleep(rng.uniform(THINK_S / 2, THINK_S * 1.5))  # reading the reply, typing the next one
    if pending is not None:
        await pending


async def _deliver(deliverer: Deliverer, params: dict[str, str], delivery: Delivery, run: Run) -> None:
    started = time.monotonic()
    if delivery.duplicate == "concurrent":
        twin = Delivery(delivery.buyer, delivery.sid, delivery.body, started)
        delivery.messages, twin_messages = await asyncio.gather(deliverer.post(params, delivery),
                                                                deliverer.post(params, twin))
        run.duplicate_replies.append((delivery, twin_messages))
    else:
        delivery.messages = await deliverer.post(params, delivery)
    delivery.latency_ms = (time.monotonic() - started) * 1000
    if delivery.duplicate == "later":
        twin = Delivery(delivery.buyer, delivery.sid, delivery.body, time.monotonic())
        run.duplicate_replies.append((delivery, await deliverer.post(params, twin)))


def worker_pids(server_pid: int) -> list[int]:
    """uvicorn's worker processes (multiprocessing spawns; not its resource tracker)."""
    found = subprocess.run(["pgrep", "-P", str(server_pid)], capture_output=True, text=True).stdout.split()
    workers = []
    for pid in found:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            workers.append(int(pid))
    return workers


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


async def busiest(pids: list[int]) -> int | None:
    """The worker using most CPU right now: the likeliest to be in the middle of a turn when killed."""
    before = {pid: cpu_ticks(pid) for pid in pids}
    await asyncio.sleep(0.3)
    return max(pids, key=lambda pid: cpu_ticks(pid) - before[pid], default=None)


async def operator(client: httpx.AsyncClient, base_url: str, admin_token: str, run: Run, stop: asyncio.Event) -> None:
    """A person on call: takes every handed-over conversation, keeps what the buyer wrote, gives it back."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    while True:
        try:
            listing = (await client.get(f"{base_url}/operator/handoffs", headers=headers)).json()
            for handoff in listing.get("handoffs", []):
                buyer_id = handoff["conversation_id"]
                released = await client.post(f"{base_url}/operator/handoffs/{buyer_id}/release", headers=headers)
                if released.status_code == 200:
                    run.with_person[buyer_id] += [m["text"] for m in released.json()["messages"] if m["role"] == "buyer"]
                    run.handoffs += 1
        except (httpx.HTTPError, ValueError):
            pass  # a worker or Redis is down for a moment: look again
        if stop.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.5)


async def faults(redis: RedisDevServer, server: subprocess.Popen[bytes], workers: int, duration_s: float,
                 run: Run) -> None:
    await asyncio.sleep(duration_s / 3)
    down = time.monotonic()
    await asyncio.to_thread(redis.restart)
    run.events.append(f"redis restarted (AOF), down {time.monotonic() - down:.1f} s")
    await asyncio.sleep(duration_s / 3)
    victim = await busiest(worker_pids(server.pid))
    if victim is None:
        run.events.append("no worker found to kill")
        return
    subprocess.run(["kill", "-9", str(victim)], check=False)
    killed = time.monotonic()
    while time.monotonic() - killed < 30:
        alive = [pid for pid in worker_pids(server.pid) if pid != victim]
        if len(alive) >= workers:
            run.events.append(f"worker {victim} killed (SIGKILL); a new one up after {time.monotonic() - killed:.1f} s")
            return
        await asyncio.sleep(0.2)
    run.events.append(f"worker {victim} killed; no replacement within 30 s")


class FakeTwilio(BaseHTTPRequestHandler):
    """Twilio's REST API as far as late replies need it: records each message by recipient."""

    run: Run

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        self.run.late[form["To"][0]].append(form["Body"][0])
        body = json.dumps({"sid": "SM" + secrets.token_hex(16), "status": "queued"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


async def drive(base_url: str, token: str, admin_token: str, redis: RedisDevServer, server: subprocess.Popen[bytes],
                args: Any, run: Run) -> None:
    limits = httpx.Limits(max_connections=args.buyers * 3, max_keepalive_connections=args.buyers * 3)
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S, limits=limits) as client:
        deliverer = Deliverer(client, f"{base_url}/webhook/whatsapp", token)
        started = time.monotonic()
        fault_task = asyncio.ensure_future(faults(redis, server, args.workers, args.duration_s, run))
        done = asyncio.Event()
        operator_task = asyncio.ensure_future(operator(client, base_url, admin_token, run, done))
        await asyncio.gather(*(buyer(i, deliverer, run, random.Random(args.seed * 1000 + i), started + args.duration_s)
                               for i in range(args.buyers)))
        run.window_s = time.monotonic() - started
        await fault_task
        await asyncio.sleep(2.0)  # late replies still on their way
        done.set()
        await operator_task  # a last sweep of the handed-over conversations


def audit(run: Run, redis_url: str, capacity: int) -> list[str]:
    """Problems found in the stored conversations (empty: the run kept every promise)."""
    backend = redis_backend(redis_url, ttl_days=1)
    problems: list[str] = []
    by_buyer: dict[str, list[Delivery]] = defaultdict(list)
    for delivery in run.deliveries:
        by_buyer[delivery.buyer].append(delivery)
    for buyer_id, deliveries in by_buyer.items():
        traces = backend.conversations.traces(buyer_id)
        applied = [trace.get("message_sid") for trace in traces]
        counts = Counter(applied)
        quiet = Counter(d.body for d in deliveries if d.messages == [] and d.sid not in counts)
        if quiet != Counter(run.with_person.get(buyer_id, [])):
            problems.append(f"{buyer_id[-4:]}: messages kept for a person {sorted(run.with_person.get(buyer_id, []))}"
                            f" but unanswered by the bot {sorted(quiet.elements())}")
        for delivery in deliveries:
            if delivery.messages == [] and delivery.sid not in counts:
                continue  # handed over: checked against what the operator received
            if counts[delivery.sid] == 0:
                problems.append(f"{buyer_id[-4:]}: message lost ({delivery.body!r}, attempts {delivery.statuses})")
            elif counts[delivery.sid] > 1:
                problems.append(f"{buyer_id[-4:]}: message applied {counts[delivery.sid]} times ({delivery.body!r})")
        problems += _order_problems(buyer_id, deliveries, applied, run)
        checkpoint = backend.checkpointer.get_tuple({"configurable": {"thread_id": buyer_id, "checkpoint_ns": ""}})
        values = checkpoint.checkpoint["channel_values"] if checkpoint else {}
        if values.get("turn") != len(traces) or (traces and values.get("message_sid") != applied[-1]):
            problems.append(f"{buyer_id[-4:]}: checkpoint (turn {values.get('turn')}) and log ({len(traces)} turns) "
                            "disagree")
        for delivery in deliveries:
            answered = delivery.messages is not None  # [] while with a person: checked above
            if delivery.messages == [wording.HOLDING]:
                answered = bool(run.late.get(buyer_id))
            if not answered:
                problems.append(f"{buyer_id[-4:]}: no reply to {delivery.body!r} (statuses {delivery.statuses})")
        problems += _booking_problems(backend, buyer_id, values)
    problems += _slot_problems(backend, capacity)
    for first, twin in run.duplicate_replies:
        if twin is not None and first.messages is not None and twin != first.messages and \
                wording.HOLDING not in (first.messages + twin):
            problems.append(f"{first.buyer[-4:]}: a duplicate of {first.body!r} got a different reply")
    return problems


def _order_problems(buyer_id: str, deliveries: list[Delivery], applied: list[str | None], run: Run) -> list[str]:
    """A message sent after the previous reply is applied after it. Two messages in flight together (a burst) are
    applied in the order they reach the server, which the client cannot see: swaps there are counted, not failed."""
    position = {sid: i for i, sid in enumerate(applied)}
    problems = []
    for earlier, later in zip(deliveries, deliveries[1:]):
        if earlier.sid not in position or later.sid not in position or position[earlier.sid] < position[later.sid]:
            continue
        if earlier.burst:
            run.burst_swaps += 1
        else:
            problems.append(f"{buyer_id[-4:]}: {later.body!r} applied before {earlier.body!r}")
    return problems


def _booking_problems(backend: Any, buyer_id: str, values: dict[str, Any]) -> list[str]:
    mine = [a for a in _appointments(backend) if a.conversation_id == buyer_id]
    active = [a for a in mine if a.status == "active"]
    problems = []
    if len(mine) > 1:
        problems.append(f"{buyer_id[-4:]}: {len(mine)} appointments for one booking")
    in_state = (values.get("appointment") or {}).get("id")
    if in_state != (active[0].id if active else None):
        problems.append(f"{buyer_id[-4:]}: appointment in state {in_state} but in the store "
                        f"{[a.id for a in active]}")
    return problems


def _appointments(backend: Any) -> list[Any]:
    today = date.today()
    days = [(today + timedelta(days=n)).isoformat() for n in range(-1, 9)]
    return [a for day in days for a in backend.appointments.on_day(day)]


def _slot_problems(backend: Any, capacity: int) -> list[str]:
    slots = Counter((a.place, a.start) for a in _appointments(backend) if a.status == "active")
    return [f"slot {place} {start} holds {n} > {capacity}" for (place, start), n in slots.items() if n > capacity]


def report(run: Run, problems: list[str], workers: int) -> None:
    deliveries = run.deliveries
    latencies = [d.latency_ms for d in deliveries if d.messages is not None]
    statuses = Counter(status for d in deliveries for status in d.statuses)
    duplicates = Counter(d.duplicate for d in deliveries if d.duplicate)
    print(f"\nmachine: {machine()} (load generator on the same machine)")
    print(f"workers {workers}, Redis with AOF; window {run.window_s:.1f} s")
    for event in run.events:
        print(f"  fault: {event}")
    print(f"deliveries {len(deliveries)} (messages)  attempts {sum(d.attempts for d in deliveries)}  "
          f"retried after 5xx/connection errors {sum(1 for d in deliveries if d.failed_attempts)}")
    print(f"duplicates sent {sum(duplicates.values())} ({duplicates['concurrent']} concurrent, "
          f"{duplicates['later']} later), bursts {sum(1 for d in deliveries if d.burst)} "
          f"(applied in the other order, as they reached the server: {run.burst_swaps})")
    print(f"responses by status: {dict(sorted(statuses.items()))}")
    print(f"handoffs taken and given back by the operator {run.handoffs}, buyer messages they received "
          f"{sum(len(v) for v in run.with_person.values())}")
    print(f"holding messages {sum(1 for d in deliveries if d.messages == [wording.HOLDING])}, "
          f"late REST replies {sum(len(v) for v in run.late.values())}")
    if latencies:
        print(f"delivery latency ms (retries included)  p50 {percentile(latencies, 50):.0f}  "
              f"p95 {percentile(latencies, 95):.0f}  p99 {percentile(latencies, 99):.0f}  "
              f"max {percentile(latencies, 100):.0f}")
    print(f"turns/s {len(deliveries) / run.window_s:.1f}" if run.window_s else "")
    verdict = "PASS" if not problems else f"FAIL ({len(problems)} problems)"
    print(f"audit: {verdict}: every message applied once and in order, log = checkpoint, every delivery "
          "answered, appointments booked once within capacity")
    for problem in problems[:30]:
        print(f"  - {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--buyers", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration-s", type=float, default=90.0, help="most time buyers keep sending")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    run, token = Run(), secrets.token_hex(16)
    FakeTwilio.run = run
    twilio = ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    threading.Thread(target=twilio.serve_forever, daemon=True).start()
    redis = RedisDevServer()
    problems = ["the run did not finish"]
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp_dir:
        tmp, port = Path(tmp_dir), free_port()
        base_url, log_path = f"http://127.0.0.1:{port}", tmp / "server.log"
        server: subprocess.Popen[bytes] | None = None
        try:
            env = server_env(tmp, token, redis.start().url)
            env.update(TWILIO_ACCOUNT_SID="AC" + "0" * 32, TWILIO_API_BASE_URL=f"http://127.0.0.1:{twilio.server_port}",
                       TURN_LEASE_S=str(TURN_LEASE_S), RATE_LIMIT_PER_MINUTE="0", ADMIN_TOKEN=secrets.token_hex(16))
            with log_path.open("wb") as log:
                server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port",
                                           str(port), "--workers", str(args.workers)],
                                          cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            wait_healthy(base_url, server, timeout_s=120)
            asyncio.run(drive(base_url, token, env["ADMIN_TOKEN"], redis, server, args, run))
            problems = audit(run, redis.url, capacity=2)
        finally:
            if server is not None:
                stop(server)
            redis.cleanup()
            twilio.shutdown()
            if problems:
                print(f"--- tail of the server log ---\n{tail(log_path)}\n---")
    report(run, problems, args.workers)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
