"""The operator endpoints and pages never start unprotected: listening beyond loopback without ADMIN_TOKEN is a clear
start-up error, from `agente serve` and from the app itself (uvicorn run directly)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from api import cli
from api.main import create_app
from api.security import UnprotectedOperatorEndpoints, is_loopback
from graph.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.53", True), ("localhost", True), ("LOCALHOST", True), ("::1", True),
    ("[::1]", True), ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("bot.example.mx", False),
    ("", False),
])
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize("token", [None, "", "   "])
def test_app_refuses_to_start_beyond_loopback_without_a_token(tmp_path: Path, token: str | None) -> None:
    settings = Settings(checkpoint_db=tmp_path / "s.sqlite", host="0.0.0.0", admin_token=token)
    with pytest.raises(UnprotectedOperatorEndpoints, match="Set ADMIN_TOKEN"):
        create_app(settings)


def test_app_starts_on_loopback_without_a_token_or_anywhere_with_one(tmp_path: Path) -> None:
    create_app(Settings(checkpoint_db=tmp_path / "s.sqlite", host="127.0.0.1", admin_token=None))
    create_app(Settings(checkpoint_db=tmp_path / "s.sqlite", host="0.0.0.0", admin_token="a-long-operator-secret"))


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """`agente serve` with uvicorn replaced by a recorder; HOST and ADMIN_TOKEN restored afterwards."""
    runs: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: runs.append(kwargs))
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.delenv("ADMIN_TOKEN", raising=False)
    monkeypatch.delenv("WORKERS", raising=False)
    yield runs
    logging.getLogger().handlers.clear()  # `serve` configured the process's logging


def test_serve_refuses_a_public_host_without_a_token(served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 2
    error = capsys.readouterr().err
    assert "ADMIN_TOKEN" in error and "'0.0.0.0'" in error and "127.0.0.1" in error
    monkeypatch.setenv("HOST", "::")
    assert cli.main(["serve"]) == 2
    assert served == []  # uvicorn never started


def test_serve_listens_beyond_loopback_with_a_token(served: list[dict[str, Any]],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_TOKEN", "a-long-operator-secret")
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    assert served[0]["host"] == "0.0.0.0" and served[0]["port"] == 8123
    assert os.environ["HOST"] == "0.0.0.0"  # the app's own check sees the address actually served
    monkeypatch.delenv("ADMIN_TOKEN")
    monkeypatch.setenv("HOST", "127.0.0.1")
    assert cli.main(["serve"]) == 0 and served[1]["host"] == "127.0.0.1"  # loopback: open, for development


def test_serve_as_a_user_runs_it(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in {"ADMIN_TOKEN", "HOST"}}
    env["CHECKPOINT_DB"] = str(tmp_path / "s.sqlite")
    done = subprocess.run([sys.executable, "-m", "api.cli", "serve", "--host", "0.0.0.0", "--port", "1"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "refusing to start" in done.stderr and "ADMIN_TOKEN" in done.stderr
