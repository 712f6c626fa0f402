"""Knowledge-base importer: crawls one site politely and writes each page's main text as a Markdown KB document."""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 200
RETRY_AFTER_CAP_S = 60.0
MAX_BODY_BYTES = 5_000_000
HTML_TYPES = ("text/html", "application/xhtml+xml")
_BINARY_EXT = re.compile(r"\.(pdf|jpe?g|png|gif|webp|svg|ico|zip|gz|rar|docx?|xlsx?|pptx?|mp[34]|avi|mov|css|js|json|xml)$", re.I)
_DROP_TAGS = ["script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg", "iframe"]
_HEADINGS = {"h1": "## ", "h2": "## ", "h3": "## ", "h4": "### ", "h5": "### ", "h6": "### "}
_BLOCKS = {"p", "div", "section", "article", "main", "body", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody",
           "blockquote", "pre", "figure", "figcaption", "address"}


@dataclass
class ImportReport:
    """What one import did: documents written, URLs skipped on purpose, URLs that failed (old file kept)."""

    written: list[Path] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


@dataclass
class _Response:
    status: int
    headers: httpx.Headers
    body: bytes
    charset: str | None = None


class _FetchFailed(Exception):
    """A URL could not be fetched, even after retries."""


@dataclass
class _Fetcher:
    """GETs through one client with a minimum gap between requests and back-off retries."""

    client: httpx.Client
    user_agent: str
    timeout_s: float
    delay_s: float
    retries: int
    sleep: Callable[[float], None]
    clock: Callable[[], float]
    _last: float | None = field(default=None, init=False)

    def get(self, url: str, *, follow_redirects: bool = False) -> _Response:
        for attempt in range(self.retries + 1):
            if self._last is not None and (gap := self.delay_s - (self.clock() - self._last)) > 0:
                self.sleep(gap)
            self._last = self.clock()
            retry_after = None
            try:
                resp = self._once(url, follow_redirects)
            except httpx.TransportError as exc:  # connection errors, timeouts, broken reads
                reason = f"{type(exc).__name__}: {exc}".rstrip(": ")
            except (httpx.HTTPError, httpx.InvalidURL) as exc:  # too many redirects, undecodable body, bad URL
                raise _FetchFailed(f"{type(exc).__name__}: {exc}") from exc
            else:
                if resp.status != 429 and resp.status < 500:
                    return resp
                reason = f"HTTP {resp.status}"
                if resp.status in (429, 503):
                    retry_after = _retry_after_s(resp.headers.get("retry-after"))
            if attempt == self.retries:
                break
            wait = max(self.delay_s * 2 ** (attempt + 1), retry_after or 0.0)
            log.info("kb_import.retry url=%s attempt=%d wait_s=%.1f reason=%s", url, attempt + 1, wait, reason)
            self.sleep(wait)  # counts as the gap before the next attempt
        raise _FetchFailed(f"{reason} after {self.retries + 1} attempts")

    def _once(self, url: str, follow_redirects: bool) -> _Response:
        headers = {"User-Agent": self.user_agent}
        with self.client.stream("GET", url, headers=headers, timeout=self.timeout_s,
                                follow_redirects=follow_redirects) as resp:
            body = bytearray()
            if resp.is_success and (follow_redirects or _content_type(resp.headers) in HTML_TYPES):
                for chunk in resp.iter_bytes():  # non-HTML bodies are never downloaded
                    body += chunk
                    if len(body) >= MAX_BODY_BYTES:
                        break
            return _Response(resp.status_code, resp.headers, bytes(body), resp.charset_encoding)


def import_site(start_urls: list[str], *, out_dir: Path, max_pages: int = 30, delay_s: float = 1.0, retries: int = 3,
                timeout_s: float = 10.0, user_agent: str = "agente-autos-kb-import/0.1",
                client: httpx.Client | None = None, sleep: Callable[[float], None] = time.sleep,
                clock: Callable[[], float] = time.monotonic,
                utcnow: Callable[[], datetime] = lambda: datetime.now(UTC)) -> ImportReport:
    """Crawl `start_urls`' site breadth-first (same host, robots.txt honoured) and write one document per page."""
    starts = [_normalise(url) for url in start_urls]
    if not starts or None in starts:
        raise ValueError("start URLs must be absolute http(s) URLs")
    site = urlsplit(starts[0]).netloc
    if any(urlsplit(url).netloc != site for url in starts):
        raise ValueError(f"all start URLs must be on {site}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = ImportReport()
    own_client = client is None
    client = client or httpx.Client()
    fetcher = _Fetcher(client, user_agent, timeout_s, delay_s, retries, sleep, clock)
    try:
        robots = _load_robots(fetcher, f"{urlsplit(starts[0]).scheme}://{site}/robots.txt")
        if isinstance(robots, str):
            log.warning("kb_import.site_skipped site=%s reason=%s", site, robots)
            report.skipped.update(dict.fromkeys(starts, robots))
            return report
        fetcher.delay_s = max(delay_s, float(robots.crawl_delay(user_agent) or 0))
        _crawl(starts, site, robots, fetcher, max_pages, out_dir, utcnow, report)
    finally:
        if own_client:
            client.close()
    log.info("kb_import.done site=%s written=%d skipped=%d failed=%d", site, len(report.written),
             len(report.skipped), len(report.failed))
    return report


def _crawl(starts: list[str], site: str, robots: RobotFileParser, fetcher: _Fetcher, max_pages: int, out_dir: Path,
           utcnow: Callable[[], datetime], report: ImportReport) -> None:
    queue: deque[str] = deque()
    seen: set[str] = set()
    stems: dict[str, str] = {}

    def enqueue(url: str | None) -> None:
        if url is None or url in seen or urlsplit(url).netloc != site:
            return  # not http(s), already seen, or another site
        seen.add(url)
        if not robots.can_fetch(fetcher.user_agent, url):
            report.skipped[url] = "disallowed by robots.txt"
        elif _BINARY_EXT.search(urlsplit(url).path):
            report.skipped[url] = "not HTML (file extension)"
        else:
            queue.append(url)

    def skip(url: str, reason: str) -> None:
        report.skipped[url] = reason
        log.info("kb_import.page_skipped url=%s reason=%s", url, reason)

    for url in starts:
        enqueue(url)
    fetched = 0
    while queue and fetched < max_pages:
        url = queue.popleft()
        fetched += 1
        try:
            resp = fetcher.get(url)
        except _FetchFailed as exc:
            report.failed[url] = str(exc)
            log.warning("kb_import.page_failed url=%s reason=%s", url, exc)
            continue
        if 300 <= resp.status < 400 and "location" in resp.headers:
            target = _normalise(urljoin(url, resp.headers["location"]))
            enqueue(target)
            skip(url, f"redirect to {target}")
        elif resp.status >= 300:
            skip(url, f"HTTP {resp.status}")
        elif (ctype := _content_type(resp.headers)) not in HTML_TYPES:
            skip(url, f"not HTML ({ctype or 'no content type'})")
        else:
            soup = BeautifulSoup(resp.body, "html.parser", from_encoding=resp.charset)
            for a in soup.find_all("a", href=True):
                enqueue(_normalise(urljoin(url, str(a["href"]))))
            stem = doc_id_for_url(url)
            if stem in stems:
                skip(url, f"same document name as {stems[stem]}")
                continue
            title, keywords, body = _extract(soup)
            if len(body) < MIN_TEXT_CHARS:
                skip(url, "too little text")
                continue
            stems[stem] = url
            path = out_dir / f"{stem}.md"
            front = {"id": stem, "title": title or stem, "topic": "importado", "keywords": keywords,
                     "source_url": url, "fetched_at": utcnow().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
            lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
            try:
                _write_atomic(path, "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n")
            except OSError as exc:
                report.failed[url] = f"write failed: {exc}"
                log.warning("kb_import.page_failed url=%s reason=%s", url, report.failed[url])
                continue
            report.written.append(path)
            log.info("kb_import.page_written url=%s path=%s chars=%d", url, path, len(body))
    if queue:
        log.info("kb_import.max_pages_reached max_pages=%d unvisited=%d", max_pages, len(queue))


def _load_robots(fetcher: _Fetcher, robots_url: str) -> RobotFileParser | str:
    """The site's robots rules, or the reason to skip the whole site."""
    robots = RobotFileParser(robots_url)
    try:
        resp = fetcher.get(robots_url, follow_redirects=True)
    except _FetchFailed as exc:
        return f"robots.txt unavailable ({exc})"
    if resp.status in (401, 403):
        return f"robots.txt forbidden (HTTP {resp.status})"
    if resp.status >= 400:  # no robots.txt: everything allowed
        robots.parse([])
    else:
        robots.parse(resp.body.decode("utf-8", errors="replace").splitlines())
    return robots


def _extract(soup: BeautifulSoup) -> tuple[str, list[str], str]:
    """Title, keywords and the main text as Markdown (headings, paragraphs, list items)."""
    h1 = soup.find("h1")
    title = _squash((soup.title.get_text() if soup.title else "") or (h1.get_text(" ") if h1 else ""))
    meta = soup.find("meta", attrs={"name": re.compile(r"^keywords$", re.I)})
    raw_keywords = str(meta.get("content", "")) if isinstance(meta, Tag) else ""
    keywords = list(dict.fromkeys(k for k in (_squash(part) for part in raw_keywords.split(",")) if k))
    for tag in soup.find_all(_DROP_TAGS):
        if not tag.decomposed and not (tag.name == "header" and tag.find_parent(["main", "article"])):
            tag.decompose()  # an article's own <header> holds its title: kept
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks: list[str] = []
    buffer: list[str] = []
    prefix = [""]

    def flush() -> None:
        if text := _squash("".join(buffer)):
            blocks.append(prefix[0] + text)
        buffer.clear()
        prefix[0] = ""

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, doctype, CDATA
                    buffer.append(str(child))
            elif not isinstance(child, Tag):
                continue
            elif child.name in _HEADINGS or child.name in ("li", "tr"):
                flush()
                prefix[0] = _HEADINGS.get(child.name) or ("- " if child.name == "li" else "")
                if child.name == "tr":
                    buffer.append(" | ".join(_squash(cell.get_text(" ")) for cell in child.find_all(["th", "td"])))
                else:
                    walk(child)
                flush()
            elif child.name == "br":
                buffer.append(" ")
            elif child.name in _BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    text = ""
    for i, block in enumerate(blocks):
        if i:  # list items stay together; other blocks are separate paragraphs
            text += "\n" if block.startswith("- ") and blocks[i - 1].startswith("- ") else "\n\n"
        text += block
    return title, keywords, text


def doc_id_for_url(url: str) -> str:
    """The document id (and file stem) for a page: `imported_` + an ASCII slug of its path ("/" -> home)."""
    parts = urlsplit(url)
    path = re.sub(r"(^|/)index\.[a-z]+$|\.(html?|php|aspx?)$", "", unquote(parts.path), flags=re.I)
    raw = f"{path}-{parts.query}" if parts.query else path
    ascii_text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")
    return f"imported_{slug or 'home'}"


def _normalise(url: str) -> str | None:
    """Absolute http(s) URL without fragment, lower-case scheme and host, "/" for an empty path; else None."""
    try:
        parts = urlsplit(urldefrag(url.strip()).url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _content_type(headers: httpx.Headers) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()


def _retry_after_s(value: str | None) -> float | None:
    """Seconds asked by a Retry-After header (delta or HTTP date), capped; None when absent or unreadable."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp() - time.time()
    return min(max(seconds, 0.0), RETRY_AFTER_CAP_S)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _write_atomic(path: Path, text: str) -> None:
    """Write through a temp file in the same folder and rename, so readers never see a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
