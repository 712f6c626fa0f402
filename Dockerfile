# The agent's API image: CPU-only torch, the knowledge base and intent classifier built in, a non-root user.
# The install steps are the README's (`make install` = pip install torch==2.13.0, then the project).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    LANGGRAPH_CLI_NO_ANALYTICS=1 LOG_FORMAT=json HOST=0.0.0.0 PORT=8000 \
    CHECKPOINT_DB=/data/checkpoints.sqlite KNOWLEDGE_PATH=/app/data/knowledge

RUN useradd --create-home --uid 10001 agente && apt-get update \
    && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph graph
COPY nodes nodes
COPY tools tools
COPY stores stores
COPY api api
COPY evals evals
# torch's CPU build first, exactly as `make install` does; then the project itself
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu && pip install .
# The knowledge base is built into the image; the intent classifier ships as nodes/understanding/models/*.joblib
RUN agente kb build && mkdir -p /data && chown -R agente:agente /data /app/data
USER agente
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD curl -fsS http://127.0.0.1:8000/health || exit 1
CMD ["agente", "serve"]
