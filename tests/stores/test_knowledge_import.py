"""The KB importer against a scripted local site (real HTTP on 127.0.0.1, fake sleep and clock)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from stores.knowledge_import import ImportReport, doc_id_for_url, import_site

FIXTURES = Path(__file__).parent / "fixtures" / "site"
FETCHED_AT = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@dataclass
class Route:
    """What the site answers on one path; `statuses` and `delays_s` are per request, the last one repeats."""

    file: str | None = None
    body: bytes | None = None
    content_type: str = "text/html; charset=utf-8"
    statuses: list[int] = field(default_factory=lambda: [200])
    headers: dict[str, str] = field(default_factory=dict)
    delays_s: list[float] = field(default_factory=lambda: [0.0])


def default_routes() -> dict[str, Route]:
    return {
        "/robots.txt": Route(file="robots.txt", content_type="text/plain"),
        "/": Route(file="index.html"),
        "/sedes-en-mexico": Route(file="sedes-en-mexico.html"),
        "/garantia": Route(file="garantia.html"),
        "/financiamiento": Route(file="financiamiento.html", statuses=[500, 500, 200]),
        "/servicio-mantenimiento": Route(file="servicio-mantenimiento.html", statuses=[500]),
        "/contacto": Route(file="contacto.html"),
        "/admin/precios-internos": Route(file="admin-precios-internos.html"),
        "/ficha-tecnica": Route(body=PDF, content_type="application/pdf"),
        "/catalogo-2026.pdf": Route(body=PDF, content_type="application/pdf"),
        # "/promociones" has no route: 404
    }


class Site(ThreadingHTTPServer):
    """A scripted web site that logs every request it gets."""

    daemon_threads = True

    def __init__(self, routes: dict[str, Route], external: str = "") -> None:
        super().__init__(("127.0.0.1", 0), SiteHandler)
        self.routes = routes
        self.external = external.encode()
        self.requests: list[str] = []
        self.user_agents: set[str] = set()
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def counts(self) -> Counter[str]:
        return Counter(self.requests)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out closed the socket: expected in the timeout test


class SiteHandler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        with self.server.lock:
            nth = self.server.requests.count(self.path)
            self.server.requests.append(self.path)
            self.server.user_agents.add(self.headers.get("User-Agent", ""))
        route = self.server.routes.get(self.path)
        if route is None:
            status, route = 404, Route(body=b"<h1>No encontrada</h1>")
        else:
            status = route.statuses[min(nth, len(route.statuses) - 1)]
            time.sleep(route.delays_s[min(nth, len(route.delays_s) - 1)])
        if status == 200 and route.file:
            body = (FIXTURES / route.file).read_bytes().replace(b"{{EXTERNAL}}", self.server.external)
        else:
            body = route.body if status in (200, 404) and route.body else b"Error del servidor"
        self.send_response(status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class FakeClock:
    """Monotonic time that only moves when the importer sleeps; records sleeps and request times."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.requests: list[tuple[float, str]] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def serve() -> Iterator[Callable[..., Site]]:
    servers: list[Site] = []

    def start(routes: dict[str, Route], external: str = "") -> Site:
        server = Site(routes, external)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def external(serve: Callable[..., Site]) -> Site:
    """Another site (another host name) that the home page links to."""
    return serve({"/autos": Route(file="sedes-en-mexico.html")})


@pytest.fixture
def site(serve: Callable[..., Site], external: Site) -> Site:
    return serve(default_routes(), external=f"http://localhost:{external.server_address[1]}")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def run(site: Site, out_dir: Path, clock: FakeClock, **kwargs: Any) -> ImportReport:
    def on_request(request: httpx.Request) -> None:
        clock.requests.append((clock.now, request.url.path))

    with httpx.Client(event_hooks={"request": [on_request]}) as client:
        options: dict[str, Any] = {"delay_s": 1.0, "timeout_s": 2.0, "client": client, "sleep": clock.sleep,
                                   "clock": clock.monotonic, "utcnow": lambda: FETCHED_AT} | kwargs
        return import_site([site.base + "/"], out_dir=out_dir, **options)


def read_doc(path: Path) -> tuple[dict[str, Any], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.fixture
def crawl(site: Site, tmp_path: Path, clock: FakeClock) -> ImportReport:
    return run(site, tmp_path, clock)


def test_crawls_only_same_site_html_pages(crawl: ImportReport, site: Site, external: Site) -> None:
    assert sorted(p.name for p in crawl.written) == [
        "imported_financiamiento.md", "imported_garantia.md", "imported_home.md", "imported_sedes-en-mexico.md"]
    assert crawl.skipped == {
        f"{site.base}/admin/precios-internos": "disallowed by robots.txt",
        f"{site.base}/catalogo-2026.pdf": "not HTML (file extension)",
        f"{site.base}/aviso-de-privacidad.pdf": "not HTML (file extension)",
        f"{site.base}/ficha-tecnica": "not HTML (application/pdf)",
        f"{site.base}/promociones": "HTTP 404",
        f"{site.base}/contacto": "too little text",
    }
    counts = site.counts()
    assert counts == {"/robots.txt": 1, "/": 1, "/sedes-en-mexico": 1, "/garantia": 1, "/financiamiento": 3,
                      "/ficha-tecnica": 1, "/promociones": 1, "/servicio-mantenimiento": 4, "/contacto": 1}
    assert "/admin/precios-internos" not in counts and "/catalogo-2026.pdf" not in counts
    assert external.requests == []
    assert site.user_agents == {"agente-autos-kb-import/0.1"}


def test_keeps_main_text_and_drops_boilerplate(crawl: ImportReport, tmp_path: Path) -> None:
    _, home = read_doc(tmp_path / "imported_home.md")
    assert "## Compra tu auto seminuevo con total confianza" in home
    assert "inspección mecánica de 240 puntos antes de publicarlo" in home
    assert "- Garantía mecánica de 3 meses o 5,000 km incluida en cada auto.\n- Financiamiento" in home
    for boilerplate in ("Todos los derechos reservados", "Tu próximo auto, sin sorpresas", "Acceso distribuidores",
                        "Bono de $10,000", "dataLayer", "Inicio"):
        assert boilerplate not in home

    _, garantia = read_doc(tmp_path / "imported_garantia.md")  # no <main>: the <article> is used
    assert garantia.startswith("\n## Garantía mecánica incluida\n")  # the article's own <header> is kept
    assert "## ¿Qué cubre?" in garantia
    assert "3 meses o 5,000 km" in garantia
    assert "Plus | 12 meses | $8,900 MXN" in garantia
    for boilerplate in ("Te puede interesar", "TODO", ".tabla td", "Todos los derechos reservados"):
        assert boilerplate not in garantia


def test_front_matter(crawl: ImportReport, site: Site, tmp_path: Path) -> None:
    front, body = read_doc(tmp_path / "imported_sedes-en-mexico.md")
    assert front == {"id": "imported_sedes-en-mexico", "title": "Sedes en México | Autos Seminuevos Confianza",
                     "topic": "importado", "keywords": [], "source_url": f"{site.base}/sedes-en-mexico",
                     "fetched_at": "2026-11-25T10:00:00Z"}
    assert "## Monterrey" in body
    home, _ = read_doc(tmp_path / "imported_home.md")
    assert home["id"] == "imported_home"
    assert home["keywords"] == ["autos seminuevos", "compra de autos", "venta de autos", "México"]


def test_retries_with_backoff_then_succeeds(crawl: ImportReport, site: Site, clock: FakeClock) -> None:
    assert f"{site.base}/financiamiento" not in crawl.failed
    assert any(p.name == "imported_financiamiento.md" for p in crawl.written)
    assert site.counts()["/financiamiento"] == 3
    assert clock.sleeps.count(2.0) >= 2 and clock.sleeps.count(4.0) >= 2  # back-off: delay * 2, delay * 4


def test_failing_page_keeps_the_previous_document(site: Site, tmp_path: Path, clock: FakeClock,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="stores.knowledge_import")
    old = tmp_path / "imported_servicio-mantenimiento.md"
    old.write_text("---\nid: imported_servicio-mantenimiento\n---\n\nVersión anterior.\n", encoding="utf-8")
    before = old.read_bytes()

    report = run(site, tmp_path, clock)

    assert report.failed == {f"{site.base}/servicio-mantenimiento": "HTTP 500 after 4 attempts"}
    assert old.read_bytes() == before
    assert (f"kb_import.page_failed url={site.base}/servicio-mantenimiento reason=HTTP 500 after 4 attempts"
            in caplog.messages)
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))


def test_rate_limit_between_requests(crawl: ImportReport, clock: FakeClock) -> None:
    times = [t for t, _ in clock.requests]
    assert len(times) == 14
    assert all(b - a >= 1.0 for a, b in zip(times, times[1:], strict=False))
    assert all(s > 0 for s in clock.sleeps)


def test_crawl_delay_from_robots_wins_when_larger(serve: Callable[..., Site], tmp_path: Path,
                                                  clock: FakeClock) -> None:
    routes = default_routes() | {"/robots.txt": Route(body=b"User-agent: *\nCrawl-delay: 3\n",
                                                      content_type="text/plain")}
    site = serve(routes)
    run(site, tmp_path, clock, delay_s=0.5, max_pages=3)
    times = [t for t, _ in clock.requests]
    assert len(times) == 4
    assert all(b - a >= 3.0 for a, b in zip(times, times[1:], strict=False))


def test_max_pages(site: Site, tmp_path: Path, clock: FakeClock) -> None:
    report = run(site, tmp_path, clock, max_pages=2)
    assert site.requests == ["/robots.txt", "/", "/sedes-en-mexico"]
    assert [p.name for p in report.written] == ["imported_home.md", "imported_sedes-en-mexico.md"]


def test_missing_robots_allows_everything(serve: Callable[..., Site], tmp_path: Path, clock: FakeClock) -> None:
    routes = default_routes()
    del routes["/robots.txt"]
    site = serve(routes)
    report = run(site, tmp_path, clock, retries=0)
    assert "/admin/precios-internos" in site.requests
    assert report.skipped[f"{site.base}/admin/precios-internos"] == "too little text"


def test_robots_server_error_skips_the_site(serve: Callable[..., Site], tmp_path: Path, clock: FakeClock) -> None:
    site = serve(default_routes() | {"/robots.txt": Route(statuses=[503])})
    report = run(site, tmp_path, clock, retries=1)
    assert site.requests == ["/robots.txt", "/robots.txt"]
    assert report.written == [] and report.failed == {}
    assert report.skipped == {f"{site.base}/": "robots.txt unavailable (HTTP 503 after 2 attempts)"}


def test_unreachable_site_is_skipped(tmp_path: Path, clock: FakeClock) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    report = import_site([f"http://127.0.0.1:{port}/"], out_dir=tmp_path, retries=1, sleep=clock.sleep,
                         clock=clock.monotonic)
    assert report.skipped[f"http://127.0.0.1:{port}/"].startswith("robots.txt unavailable (ConnectError")
    assert clock.sleeps == [2.0]


@pytest.mark.parametrize(("retry_after", "expected_wait"), [("7", 7.0), ("3600", 60.0)])
def test_retry_after_is_honoured_and_capped(serve: Callable[..., Site], tmp_path: Path, clock: FakeClock,
                                            retry_after: str, expected_wait: float) -> None:
    routes = default_routes() | {"/": Route(file="index.html", statuses=[429, 200],
                                            headers={"Retry-After": retry_after})}
    site = serve(routes)
    report = run(site, tmp_path, clock, max_pages=1)
    assert clock.sleeps == [1.0, expected_wait]  # the gap after robots.txt, then Retry-After
    assert [p.name for p in report.written] == ["imported_home.md"]


def test_timeout_is_retried(serve: Callable[..., Site], tmp_path: Path, clock: FakeClock) -> None:
    site = serve(default_routes() | {"/": Route(file="index.html", delays_s=[0.5, 0.0])})
    report = run(site, tmp_path, clock, max_pages=1, timeout_s=0.1)
    assert [p.name for p in report.written] == ["imported_home.md"]
    assert site.requests == ["/robots.txt", "/", "/"]


def test_redirect_is_followed_on_the_same_site(serve: Callable[..., Site], tmp_path: Path, clock: FakeClock) -> None:
    site = serve(default_routes() | {"/": Route(statuses=[301], headers={"Location": "/sedes-en-mexico"})})
    report = run(site, tmp_path, clock, max_pages=2)
    assert report.skipped[f"{site.base}/"] == f"redirect to {site.base}/sedes-en-mexico"
    assert [p.name for p in report.written] == ["imported_sedes-en-mexico.md"]


def test_start_urls_must_share_one_site(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        import_site(["https://a.example/", "https://b.example/x"], out_dir=tmp_path)
    with pytest.raises(ValueError):
        import_site(["ftp://a.example/"], out_dir=tmp_path)
    with pytest.raises(ValueError):
        import_site([], out_dir=tmp_path)


@pytest.mark.parametrize(("url", "doc_id"), [
    ("https://x.mx/", "imported_home"),
    ("https://x.mx/index.html", "imported_home"),
    ("https://x.mx/sedes-en-mexico", "imported_sedes-en-mexico"),
    ("https://x.mx/ayuda/Garantía-Extendida.html", "imported_ayuda-garantia-extendida"),
    ("https://x.mx/garant%C3%ADa/", "imported_garantia"),
    ("https://x.mx/autos?marca=mazda", "imported_autos-marca-mazda"),
])
def test_doc_id_for_url(url: str, doc_id: str) -> None:
    assert doc_id_for_url(url) == doc_id
