"""The terminal chat and the schedule printer, as a user runs them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from api import cli


def test_chat_persists_and_resumes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setenv("CHECKPOINT_DB", str(tmp_path / "chat.sqlite"))
    monkeypatch.setattr("sys.stdin", io.StringIO("busco una troca automatica\nsalir\n"))
    assert cli.main(["chat", "--session", "s1"]) == 0
    first = capsys.readouterr().out
    assert "Sesión s1" in first and "pickup" in first

    monkeypatch.setattr("sys.stdin", io.StringIO("el segundo\n"))
    assert cli.main(["chat", "--session", "s1"]) == 0
    resumed = capsys.readouterr().out
    assert "(continuada)" in resumed and "Precio:" in resumed


def test_financing_schedule_prints_every_month(capsys) -> None:
    assert cli.main(["financing", "--price", "300000", "--down", "60000", "--years", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Mensualidad $6,087.02" in lines[1]
    rows = [line for line in lines if line.strip()[:2].strip().isdigit()]
    assert len(rows) == 48 and rows[-1].split()[-1] == "0.00"


def test_financing_schedule_rejects_bad_terms(capsys) -> None:
    assert cli.main(["financing", "--price", "300000", "--years", "9"]) == 2
    assert "term_out_of_range" in capsys.readouterr().err
