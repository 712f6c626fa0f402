"""Command line: chat with the agent in the terminal, or print a full amortization schedule."""

from __future__ import annotations

import argparse
import logging
import sys
import uuid
from decimal import Decimal
from pathlib import Path

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
    finance = commands.add_parser("financing", help="financing plan with its full amortization schedule")
    finance.add_argument("--price", type=Decimal, required=True)
    finance.add_argument("--years", type=int, required=True)
    down = finance.add_mutually_exclusive_group()
    down.add_argument("--down", type=Decimal, help="down payment in pesos")
    down.add_argument("--down-pct", type=Decimal, help="down payment in percent of the price")
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
    if args.command == "kb":
        return run_kb_build(args.force) if args.kb_command == "build" else run_kb_import(args)
    return print_schedule(args.price, args.years, args.down, args.down_pct)


def run_chat(session: str | None, catalog: str | None) -> int:
    from graph.build import build_graph
    from graph.deps import default_deps
    from stores.checkpointers import sqlite_checkpointer

    settings = Settings(**({"catalog_path": catalog} if catalog else {}))
    graph = build_graph(deps=default_deps(settings), checkpointer=sqlite_checkpointer(settings.checkpoint_db))
    session = session or uuid.uuid4().hex[:8]
    config = {"configurable": {"thread_id": session}}
    history = graph.get_state(config).values.get("turn", 0)
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
        result = graph.invoke({"text": text}, config, durability="exit")
        for message in result["outbound"]:
            print(f"\nagente> {message}\n")


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
    logging.getLogger().setLevel(logging.INFO)
    uvicorn.run("api.main:create_app", factory=True, host=host or settings.host, port=port or settings.port,
                workers=workers, log_level="info", access_log=False)
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
