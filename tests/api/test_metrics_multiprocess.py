"""With several workers each process writes its samples to PROMETHEUS_MULTIPROC_DIR and `/metrics` adds them up,
whichever worker answers. Three real processes stand in for two workers and the one serving the scrape."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WORKER = """
from api import metrics
for _ in range({turns}):
    metrics.record_turn({{"intent": "search_cars", "action": "search", "tool_calls": [{{"name": "search_cars",
                          "result": {{}}}}], "verification": {{"ok": True}}}}, 0.01)
"""
SCRAPE = "from api import metrics; print(metrics.exposition()[0].decode())"


def run(code: str, directory: Path) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    return subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=120).stdout


def test_metrics_add_up_across_worker_processes(tmp_path: Path) -> None:
    run(WORKER.format(turns=3), tmp_path)
    run(WORKER.format(turns=4), tmp_path)
    text = run(SCRAPE, tmp_path)
    assert 'agent_turns_total{action="search",intent="search_cars"} 7.0' in text
    assert 'agent_tool_calls_total{tool="search_cars"} 7.0' in text
    assert "agent_turn_seconds_count 7.0" in text
