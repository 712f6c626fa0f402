"""Load test: concurrent WhatsApp buyers against a real `agente serve` over signed Twilio webhooks.

    python -m evals.load [--backend sqlite|redis|both] [--buyers 50] [--turns-per-buyer 12]
                         [--duration-s 30] [--workers 2]

Starts the server (and a local Redis for the redis backend) on free loopback ports, replays the
scripted conversations as N buyers who each wait for the reply before the next message, and prints
requests, errors, throughput and latency percentiles per backend. Client and server share the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path

import httpx
from twilio.request_validator import RequestValidator

from evals.bench import percentile
from evals.bench import run as run_in_process
from evals.scripted_conversations import CONVERSATIONS
from graph.settings import Settings
from stores.redis_dev_server import RedisDevServer, free_port

TO = "whatsapp:+14155238886"
MAX_CHARS = 500
HANDOFF = re.compile(r"\basesor", re.IGNORECASE)
"""Messages asking for a person are left out: the bot then stays quiet, and a load test wants replies."""
CLIENT_TIMEOUT_S = 10.0
HEALTH_WAIT_S = 30.0
REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    backend: str
    workers: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    window_s: float = 0.0
    failure: str | None = None

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def throughput(self) -> float:
        """Answered turns (no error) per second of the measured window."""
        return (self.requests - self.error_count) / self.window_s if self.window_s else 0.0

    def pct(self, p: float) -> float:
        return percentile(self.latencies_ms, p) if self.latencies_ms else float("nan")


def script_for(buyer: int) -> list[str]:
    """The buyer's messages: conversations round-robin from its own offset, long ones skipped."""
    names = list(CONVERSATIONS)
    order = names[buyer % len(names):] + names[:buyer % len(names)]
    return [text for name in order for text in CONVERSATIONS[name] if len(text) <= MAX_CHARS and not HANDOFF.search(text)]


async def send(client: httpx.AsyncClient, url: str, validator: RequestValidator, sender: str, body: str,
               result: Result | None) -> None:
    """One signed webhook delivery; records latency and any error in `result` (None: warm-up)."""
    params = {"Body": body, "From": sender, "To": TO, "MessageSid": "SM" + secrets.token_hex(16),
              "NumMedia": "0", "ProfileName": f"Comprador {sender[-5:]}"}
    headers = {"X-Twilio-Signature": validator.compute_signature(url, params)}
    started = time.perf_counter()
    error = None
    try:
        response = await client.post(url, data=params, headers=headers)
        if response.status_code != 200:
            error = f"HTTP {response.status_code}"
        elif "<Message>" not in response.text:
            error = "no <Message> in body"
    except httpx.HTTPError as exc:
        error = type(exc).__name__
    if result is not None:
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        if error:
            result.errors[error] += 1


async def buyer(index: int, client: httpx.AsyncClient, url: str, validator: RequestValidator, turns: int,
                deadline: float, result: Result, think_s: float) -> None:
    sender = f"whatsapp:+52155{index:08d}"
    messages = cycle(script_for(index))
    await asyncio.sleep(think_s * index / 50)  # buyers do not all start typing at the same instant
    for _ in range(turns):
        if time.perf_counter() >= deadline:
            return
        await send(client, url, validator, sender, next(messages), result)
        await asyncio.sleep(think_s)  # reading the reply and typing the next message


async def drive(base_url: str, token: str, result: Result, buyers: int, turns: int, duration_s: float,
                think_s: float) -> None:
    url = f"{base_url}/webhook/whatsapp"
    validator = RequestValidator(token)
    limits = httpx.Limits(max_connections=buyers + 10, max_keepalive_connections=buyers + 10)
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S, limits=limits) as client:
        warm = [send(client, url, validator, f"whatsapp:+52199{i:08d}", text, None)
                for i, text in enumerate(["hola", "busco un sedan de 250k", "el primero", "a 4 años"] * 2)]
        await asyncio.gather(*warm)  # not counted: imports, first connections, JIT-free caches
        started = time.perf_counter()
        await asyncio.gather(*(buyer(i, client, url, validator, turns, started + duration_s, result, think_s)
                               for i in range(buyers)))
        result.window_s = time.perf_counter() - started


def server_env(tmp: Path, token: str, redis_url: str | None) -> dict[str, str]:
    """The caller's environment minus every agent setting, then only what this run needs."""
    ours = {name.upper() for name in Settings.model_fields}
    env = {key: value for key, value in os.environ.items() if key.upper() not in ours}
    # RATE_LIMIT_PER_MINUTE=0: these buyers type faster than any person; the limit would answer most of them
    env.update(TWILIO_AUTH_TOKEN=token, TWILIO_VALIDATE_SIGNATURE="true", CHECKPOINT_DB=str(tmp / "state.sqlite"),
               RATE_LIMIT_PER_MINUTE="0")
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def wait_healthy(base_url: str, process: subprocess.Popen[bytes], timeout_s: float = HEALTH_WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode}")
        try:
            if httpx.get(f"{base_url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer /health within {timeout_s:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else "(no log)"


def run_backend(backend: str, workers: int, buyers: int, turns: int, duration_s: float, think_s: float) -> Result:
    result, token = Result(backend, workers), secrets.token_hex(16)
    redis = RedisDevServer() if backend == "redis" else None
    with tempfile.TemporaryDirectory(prefix=f"load-{backend}-") as tmp_dir:
        tmp, port = Path(tmp_dir), free_port()
        base_url, log_path = f"http://127.0.0.1:{port}", tmp / "server.log"
        args = [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                "--workers", str(workers)]
        process: subprocess.Popen[bytes] | None = None
        try:
            redis_url = redis.start().url if redis else None
            with log_path.open("wb") as log:
                process = subprocess.Popen(args, cwd=REPO_ROOT, env=server_env(tmp, token, redis_url),
                                           stdout=log, stderr=subprocess.STDOUT)
            wait_healthy(base_url, process)
            asyncio.run(drive(base_url, token, result, buyers, turns, duration_s, think_s))
        except Exception as exc:
            result.failure = f"{type(exc).__name__}: {exc}"
        finally:
            if process is not None:
                stop(process)
            if redis:
                redis.cleanup()
            if result.failure or result.errors:
                print(f"--- {backend}: tail of the server log ---\n{tail(log_path)}\n---")
    return result


def report(result: Result) -> None:
    print(f"\n[{result.backend}] workers {result.workers}  requests {result.requests}  errors {result.error_count}  "
          f"window {result.window_s:.1f} s  throughput {result.throughput:.1f} turns/s")
    if result.failure:
        print(f"  FAILED: {result.failure}")
    print(f"  latency ms  p50 {result.pct(50):.1f}  p95 {result.pct(95):.1f}  p99 {result.pct(99):.1f}  "
          f"max {result.pct(100):.1f}")
    for kind, count in result.errors.most_common():
        print(f"  error: {kind} x{count}")


def machine() -> str:
    model = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                      if line.startswith("model name")), model)
    return f"{os.cpu_count()} CPUs, {model or 'unknown CPU'}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "redis", "both"], default="both")
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--turns-per-buyer", type=int, default=12)
    parser.add_argument("--duration-s", type=float, default=30.0, help="max measured time per backend")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers for redis (sqlite always 1)")
    parser.add_argument("--think-ms", type=float, default=0.0,
                        help="pause of each buyer between a reply and its next message (0: back to back)")
    args = parser.parse_args()
    print(f"machine: {machine()} (load generator on the same machine)")
    print(f"load: {args.buyers} buyers x {args.turns_per_buyer} turns, think time {args.think_ms:.0f} ms, "
          f"at most {args.duration_s:.0f} s per backend")
    backends = ["sqlite", "redis"] if args.backend == "both" else [args.backend]
    in_process = in_process_throughput()
    print(f"in-process throughput (make bench's replay, one process, sequential): {in_process:.1f} turns/s")
    results = []
    for backend in backends:
        workers = 1 if backend == "sqlite" else args.workers
        results.append(run_backend(backend, workers, args.buyers, args.turns_per_buyer, args.duration_s,
                                   args.think_ms / 1000))
        report(results[-1])
    print(f"\n{'backend':8} {'workers':>7} {'requests':>8} {'errors':>6} {'turns/s':>8} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for r in results:
        print(f"{r.backend:8} {r.workers:>7} {r.requests:>8} {r.error_count:>6} {r.throughput:>8.1f} "
              f"{r.pct(50):>8.1f} {r.pct(95):>8.1f} {r.pct(99):>8.1f} "
              f"{r.pct(100):>8.1f}")
    for r in results:
        print(f"{r.backend}: HTTP throughput / in-process throughput = {r.throughput / in_process:.2f} "
              f"(target >= 0.8)")
    sys.exit(1 if any(r.failure or r.errors for r in results) else 0)


def in_process_throughput(rounds: int = 3) -> float:
    """Turns per second of the graph alone (SQLite checkpoints), measured in this run for the ratio."""
    latencies, _, elapsed = run_in_process(rounds, cold=False)
    return len(latencies) / elapsed


if __name__ == "__main__":
    main()
