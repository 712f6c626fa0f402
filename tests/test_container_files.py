"""No Docker engine runs here: the image and compose files are checked for the structure they promise."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_dockerfile_installs_like_the_readme_runs_as_a_user_and_checks_health() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install torch==2.13.0" in text and "pip install ." in text  # the README's install, CPU torch first
    assert "torch==2.13.0" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "USER agente" in text and "HEALTHCHECK" in text and "/health" in text
    assert "agente kb build" in text  # the knowledge base is in the image
    assert (ROOT / "nodes/understanding/models/intent-v1.joblib").exists()  # and so is the classifier (COPY nodes)


def test_compose_runs_two_workers_on_redis_with_volumes_and_health_checks() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    agent, redis = compose["services"]["agente"], compose["services"]["redis"]
    assert agent["environment"]["WORKERS"] == "2" and agent["environment"]["REDIS_URL"].startswith("redis://redis")
    assert redis["image"].startswith("redis:8") and "healthcheck" in redis and "healthcheck" in agent
    assert agent["depends_on"]["redis"]["condition"] == "service_healthy"
    assert {v.split(":")[0] for v in agent["volumes"] + redis["volumes"]} <= set(compose["volumes"])
