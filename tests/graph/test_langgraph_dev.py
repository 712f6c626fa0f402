"""`langgraph dev` serves the graph from langgraph.json offline, and a thread keeps its state across runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytest.importorskip("langgraph_api", reason="needs the dev extra: langgraph-cli[inmem]")
from langgraph_sdk import get_sync_client  # noqa: E402

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 120
OFFLINE_ENV = {
    "LANGGRAPH_CLI_NO_ANALYTICS": "1",  # no usage ping from the CLI
    "LANGGRAPH_NO_VERSION_CHECK": "1",  # no PyPI query from the server
    "LANGSMITH_TRACING": "false",  # no run upload to LangSmith
    "LANGCHAIN_TRACING_V2": "false",
    "OPENAI_API_KEY": "",  # the rules-only agent, whatever a local .env says
    "OPENAI_BASE_URL": "",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "PYTHONUNBUFFERED": "1",
}
DROPPED_ENV = ("LANGSMITH_API_KEY", "LANGCHAIN_API_KEY", "LANGGRAPH_CLOUD_LICENSE_KEY",
               "LANGSMITH_CONTROL_PLANE_API_KEY", "LANGSMITH_ENDPOINT", "LANGCHAIN_ENDPOINT")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def langgraph_cli() -> str:
    exe = Path(sys.executable).with_name("langgraph")
    if not exe.exists():
        pytest.skip("the `langgraph` CLI is not installed next to this Python")
    return str(exe)


def tail(log: Path, lines: int = 60) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else "(no log)"


def wait_until_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"langgraph dev exited with {server.returncode} before serving")
        try:
            if httpx.get(f"{url}/ok", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"langgraph dev did not answer {url}/ok within {STARTUP_TIMEOUT_S} s")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_langgraph_dev_serves_two_turns_on_one_thread(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV} | OFFLINE_ENV
    log = tmp_path / "langgraph_dev.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [langgraph_cli(), "dev", "--no-browser", "--no-reload", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        wait_until_ready(url, server, log)
        client = get_sync_client(url=url)
        thread_id = client.threads.create()["thread_id"]

        first = client.runs.wait(thread_id, "sales_agent", input={"text": "busco una troca automatica"})
        assert "pickup" in " ".join(first["outbound"]).lower()
        assert first["intent"] == "search_cars"
        shown = first["shown_cars"]
        assert len(shown) >= 2

        second = client.runs.wait(thread_id, "sales_agent", input={"text": "el segundo"})
        assert second["intent"] == "car_details"
        assert second["slots"]["stock_id"] == shown[1]

        values = client.threads.get_state(thread_id)["values"]
        assert values["turn"] == 2
        assert values["shown_cars"] == shown
        slots = values["slots"]
        assert (slots["body_type"], slots["transmission"], slots["stock_id"]) == ("pickup", "automatic", shown[1])
        assert [m["type"] for m in values["messages"]] == ["human", "ai", "human", "ai"]
    except BaseException:
        stop(server)
        print(f"--- langgraph dev log (last lines) ---\n{tail(log)}")
        raise
    finally:
        stop(server)
