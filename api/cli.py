"""Command line: chat with the agent in the terminal, or print a full amortization schedule."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path

from api.logs import configure_logging
from api.security import UnprotectedOperatorEndpoints, require_admin_token
from graph.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="agente", description="Agente de ventas de autos seminuevos.")
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="chat in the terminal (state persists in SQLite)")
    chat.add_argument("--session", help="conversation id to resume; a new one when omitted")
    chat.add_argument("--catalog", help="CSV catalog to use instead of the shipped one")
    serve = commands.add_parser("serve", help="run the HTTP API (Twilio webhook) with uvicorn")
    serve.add_argument("--host", help="default: HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, help="default: PORT or 8000")
    serve.add_argument("--workers", type=int, help="default: WORKERS or 1 (more need REDIS_URL)")
    kb = commands.add_parser("kb", help="company knowledge base").add_subparsers(dest="kb_command", required=True)
    build = kb.add_parser("build", help="chunk, embed and index the documents (skipped when unchanged)")
    build.add_argument("--force", action="store_true", help="rebuild even if the documents did not change")
    imports = kb.add_parser("import", help="crawl one site into knowledge-base documents")
    imports.add_argument("urls", nargs="+")
    imports.add_argument("--out", help="documents folder (default: the knowledge base's documents)")
    imports.add_argument("--max-pages", type=int, default=30)
    imports.add_argument("--delay-s", type=float, default=1.0)
    evaluate = commands.add_parser("eval", help="run the golden conversations and check the metric thresholds")
    evaluate.add_argument("--golden", type=Path, help="folder of golden conversation YAML files")
    evaluate.add_argument("--thresholds", type=Path, help="thresholds YAML")
    evaluate.add_argument("--report", type=Path, help="where to write the JSON report")
    trace = commands.add_parser("trace", help="export a conversation's traces, or turn one into a golden test")
    trace_commands = trace.add_subparsers(dest="trace_command", required=True)
    export = trace_commands.add_parser("export", help="per-turn traces of a conversation as JSONL")
    export.add_argument("session")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: <session>.jsonl)")
    golden = trace_commands.add_parser("to-golden", help="a golden conversation expecting what a trace did")
    golden.add_argument("trace_file", type=Path)
    golden.add_argument("-o", "--output", type=Path, help="YAML to write (default: evals/golden/<name>.yaml)")
    golden.add_argument("--name", help="conversation name (default: the trace file's stem)")
    replay = commands.add_parser("replay", help="re-run a recorded trace through the current graph and diff it")
    replay.add_argument("trace_file", type=Path)
    finance = commands.add_parser("financing", help="financing plan with its full amortization schedule")
    finance.add_argument("--price", type=Decimal, required=True)
    finance.add_argument("--years", type=int, required=True)
    down = finance.add_mutually_exclusive_group()
    down.add_argument("--down", type=Decimal, help="down payment in pesos")
    down.add_argument("--down-pct", type=Decimal, help="down payment in percent of the price")
    listen = commands.add_parser("transcribe", help="transcribe a voice note (OGG/Opus or any audio) with timings")
    listen.add_argument("file", type=Path)
    listen.add_argument("--no-prompt", action="store_true", help="without the catalog's domain prompt")
    listen.add_argument("--threads", type=int, default=2, help="CPU threads of the speech model (default 2)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    if args.command == "chat":
        return run_chat(args.session, args.catalog)
    if args.command == "serve":
        return run_server(args.host, args.port, args.workers)
    if args.command == "eval":
        from evals.golden import GOLDEN_DIR
        from evals.metrics import THRESHOLDS, run_eval

        return run_eval(golden=args.golden or GOLDEN_DIR, thresholds_path=args.thresholds or THRESHOLDS,
                        report=args.report)
    if args.command == "trace":
        return run_trace(args)
    if args.command == "replay":
        return run_replay(args.trace_file)
    if args.command == "transcribe":
        return run_transcribe(args.file, args.no_prompt, args.threads)
    if args.command == "kb":
        return run_kb_build(args.force) if args.kb_command == "build" else run_kb_import(args)
    return print_schedule(args.price, args.years, args.down, args.down_pct)


def run_chat(session: str | None, catalog: str | None) -> int:
    from api.service import ChatService
    from graph.build import build_graph
    from graph.deps import default_deps
    from stores.backend import build_backend
    from stores.knowledge import DOCS_DIR, KnowledgeError

    settings = Settings(**({"catalog_path": catalog} if catalog else {}))
    backend = build_backend(settings)
    deps = default_deps(settings)
    try:
        deps.knowledge.build(settings.knowledge_docs or DOCS_DIR)  # type: ignore[union-attr]  # no-op when current
    except KnowledgeError as exc:
        print(f"aviso: base de conocimiento no disponible ({exc})", file=sys.stderr)
    service = ChatService(build_graph(deps=deps, checkpointer=backend.checkpointer), backend)
    session = session or uuid.uuid4().hex[:8]
    history = backend.conversations.get(session)
    print(f"Sesión {session}{' (continuada)' if history else ''}. Para retomarla: agente chat --session {session}")
    print("Escribe tu mensaje (Ctrl+D o 'salir' para terminar).\n")
    while True:
        try:
            text = input("tú> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if text.strip().lower() in {"salir", "exit", "quit"}:
            return 0
        result = service.run_turn(session, text)
        for message in result.messages:
            print(f"\nagente> {message}\n")


def run_trace(args: argparse.Namespace) -> int:
    from evals.golden import GOLDEN_DIR
    from evals.replay import dump_golden, read_trace, to_golden, write_trace
    from stores.backend import build_backend

    if args.trace_command == "export":
        turns = build_backend(Settings()).conversations.traces(args.session)
        if not turns:
            print(f"error: no traces for session {args.session!r}", file=sys.stderr)
            return 2
        output = args.output or Path(f"{args.session.replace(':', '_').replace('/', '_')}.jsonl")
        write_trace(turns, output)
        print(f"{len(turns)} turns written to {output}")
        return 0
    name = args.name or args.trace_file.stem
    output = args.output or GOLDEN_DIR / f"{name}.yaml"
    dump_golden(to_golden(read_trace(args.trace_file), name), output)
    print(f"golden conversation written to {output}; review its expectations before committing")
    return 0


def run_replay(trace_file: Path) -> int:
    from evals.replay import print_diffs, read_trace, replay
    from graph.deps import default_deps

    diffs = replay(read_trace(trace_file), default_deps(Settings()))
    for line in print_diffs(diffs):
        print(line)
    diverged = sum(1 for d in diffs if d["diff"])
    print(f"\n{len(diffs) - diverged} of {len(diffs)} turns identical")
    return 1 if diverged else 0


def run_kb_build(force: bool) -> int:
    from stores.knowledge import DOCS_DIR, KnowledgeBase, KnowledgeError

    settings = Settings()
    try:
        report = KnowledgeBase(settings.knowledge_path).build(settings.knowledge_docs or DOCS_DIR, force=force,
                                                              progress=sys.stderr.isatty())
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    state = f"built ({report.chunks} rows: sections and example questions) in {report.seconds:.1f} s" if report.rebuilt else "up to date"
    print(f"knowledge base {state} ({settings.knowledge_path})")
    return 0


def run_kb_import(args: argparse.Namespace) -> int:
    from stores.knowledge import DOCS_DIR
    from stores.knowledge_import import import_site

    settings = Settings()
    out_dir = Path(args.out) if args.out else (settings.knowledge_docs or DOCS_DIR)
    report = import_site(args.urls, out_dir=out_dir, max_pages=args.max_pages, delay_s=args.delay_s)
    print(f"written {len(report.written)}, skipped {len(report.skipped)}, failed {len(report.failed)} "
          f"(into {out_dir}); run `agente kb build` to index them")
    for url, reason in report.failed.items():
        print(f"  failed: {url}: {reason}", file=sys.stderr)
    return 1 if report.failed and not report.written else 0


def run_server(host: str | None, port: int | None, workers: int | None) -> int:
    import uvicorn

    settings = Settings()
    workers = workers or settings.workers
    if workers > 1 and not settings.redis_url:
        print("error: more than one worker needs REDIS_URL (SQLite state lives in one process)", file=sys.stderr)
        return 2
    host = host or settings.host
    try:
        require_admin_token(settings, host)
    except UnprotectedOperatorEndpoints as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    os.environ["HOST"] = host  # the app's own start-up check (api.main) sees the address actually served
    configure_logging(settings.log_format)
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # /metrics aggregates every worker
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="agente-metrics-")
    uvicorn.run("api.main:create_app", factory=True, host=host, port=port or settings.port,
                workers=workers, log_level="info", access_log=False, log_config=None)
    return 0


def run_transcribe(file: Path, no_prompt: bool, threads: int) -> int:
    import time

    from stores.catalog import Catalog
    from tools.transcription import (
        TranscriptionError,
        catalog_names,
        decode,
        domain_prompt,
        load_model,
        summary,
        transcribe,
    )

    settings = Settings()
    try:
        decode(file)  # a missing or broken file fails here, before the model is loaded
        started = time.perf_counter()
        model = load_model(threads)
        loaded = time.perf_counter() - started
        catalog = Catalog.from_csv(settings.catalog_path) if settings.catalog_path else Catalog.from_csv()
        result = transcribe(file, None if no_prompt else domain_prompt(catalog_names(catalog)), model=model)
    except TranscriptionError as exc:
        print(f"error ({exc.code}): {exc}", file=sys.stderr)
        return 2
    for line in summary(result):
        print(line)
    print(f"model load {loaded:.2f} s ({threads} threads, int8)")
    return 0


def print_schedule(price: Decimal, years: int, down: Decimal | None, down_pct: Decimal | None) -> int:
    from tools.financing import FinancingError, amortization_schedule, calculate_financing

    try:
        plan = calculate_financing(car_price=price, term_years=years, down_payment=down, down_payment_pct=down_pct)
    except FinancingError as exc:
        print(f"error: {exc} ({exc.code})", file=sys.stderr)
        return 2
    print(f"Precio ${plan.car_price:,.2f}  enganche ${plan.down_payment:,.2f} ({plan.down_payment_pct}%)  "
          f"financiado ${plan.principal:,.2f}  plazo {plan.months} meses  tasa 10% anual")
    print(f"Mensualidad ${plan.monthly_payment:,.2f}  intereses ${plan.total_interest:,.2f}  "
          f"total pagado ${plan.total_paid:,.2f}\n")
    print(f"{'mes':>4} {'pago':>12} {'interés':>12} {'capital':>12} {'saldo':>14}")
    for row in amortization_schedule(plan):
        print(f"{row.month:>4} {row.payment:>12,.2f} {row.interest:>12,.2f} {row.principal:>12,.2f} {row.balance:>14,.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
