"""Walk the app as one user would: every link and htmx GET reachable from the home page.

Shared by the page crawl (Django's test client: status codes and visible text) and its browser
part (the same pages opened in Chromium at phone width). One instance per URL pattern keeps the
walk small: the 200th member page shows the same template as the first.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit
from zoneinfo import ZoneInfo

from django.urls import Resolver404, resolve

# The demo and the crawl run on a fixed day, so what they show does not depend on when CI runs.
CRAWL_NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DEMO_ROLES = [
    "fed_admin",
    "fed_viewer",
    "town_admin",
    "chair",
    "officer",
    "group_leader",
    "member",
    "school_chair",
]
MAX_DEPTH = 3
# Not pages: the admin (Django's own, English by design), the API, files, and leaving the app.
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/logout/")

# "orgs.model_unions": an app label, a dot, a snake_case name. App labels, not any word, so a
# file name such as roster.xlsx in a sentence is not taken for a metric key.
METRIC_KEY = re.compile(r"\b([a-z]+)\.([a-z_]+)\b")
METRIC_PREFIXES = {
    "orgs",
    "members",
    "dues",
    "plans",
    "metrics",
    "activities",
    "care",
    "democracy",
    "rights",
    "unionwork",
    "reports",
    "core",
}
# Three or more Latin words in a row: an English sentence left untranslated ("invalid Zip
# archive", "This field is required"). Single words (Excel, CSV, API, ID) are fine.
ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'’:-]+[A-Za-z]{2,}){2,}\b")


@dataclass
class Visit:
    url: str
    route: str
    status: int
    offered_by: str
    htmx: bool
    html: bool


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def pages(self):
        """Full pages (not htmx fragments) that answered 200: what a person opens in a browser."""
        return [v for v in self.visits if v.status == 200 and v.html and not v.htmx]


class _Page(HTMLParser):
    """Links, htmx GETs and the text a person sees (no script, style or hidden templates)."""

    HIDDEN = {
        "script",
        "style",
        "template",
        "noscript",
        "title",
        "head",
        "code",
    }  # code: commands (the guide)

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, bool]] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.links.append((attributes["href"], False))
        if attributes.get("hx-get"):
            self.links.append((attributes["hx-get"], True))

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def _route(path) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.route}"


def _local(href, base) -> str | None:
    href, _ = urldefrag(href)
    parts = urlsplit(href)
    if not href or parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    if not href.startswith("/"):
        href = base.rsplit("/", 1)[0] + "/" + href
    return None if href.startswith(SKIP_PREFIXES) else href


def text_problems(text, metric_keys) -> list[str]:
    problems = []
    for match in METRIC_KEY.finditer(text):
        if match.group(0) in metric_keys or match.group(1) in METRIC_PREFIXES:
            problems.append(f"raw metric key {match.group(0)!r}")
    problems += [f"English text {m.group(0)!r}" for m in ENGLISH.finditer(text)]
    return problems


def crawl(client, metric_keys, start="/") -> Crawl:
    result = Crawl()
    seen_routes: set[str] = set()
    queue = [(start, False, "(start)", 0)]
    while queue:
        url, htmx, offered_by, depth = queue.pop(0)
        route = _route(urlsplit(url).path)
        key = (route or url, htmx)
        if key in seen_routes:
            continue
        seen_routes.add(key)
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.get(url, follow=True, **headers)
        is_html = response.get("Content-Type", "").startswith("text/html")
        result.visits.append(Visit(url, route or "", response.status_code, offered_by, htmx, is_html))
        if response.status_code != 200:
            result.problems.append(f"{url} answered {response.status_code} (link on {offered_by})")
            continue
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        if urlsplit(final).path == "/login/" and url != "/login/":
            result.problems.append(f"{url} sent a signed-in user to the login page (link on {offered_by})")
        if not is_html:
            continue
        page = _Page()
        page.feed(response.content.decode())
        for problem in text_problems("\n".join(page.text), metric_keys):
            result.problems.append(f"{url}: {problem}")
        if depth < MAX_DEPTH:
            for href, is_htmx in page.links:
                local = _local(href, urlsplit(final).path)
                if local:
                    queue.append((local, is_htmx, url, depth + 1))
    return result
