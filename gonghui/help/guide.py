"""The user guide: Markdown pages in docs/guide/, built to HTML and served at /help/.

Each page starts with a front matter block:

    ---
    title: 会员名册
    audience: 工会主席和委员        (the index groups pages by it)
    order: 30                       (place in the index)
    screens: members:*, home       (URL names whose 「帮助」 link opens this page; `ns:*` = a whole app)
    shots: members-roster.png = chair /members/   (screenshots `manage.py guide_screenshots` takes:
                                                    file = user path, `phone` at the end for 375 px)
    ---

A new module's guide is one more Markdown file: its `screens` line links its pages to it, and the
index lists it. Links between pages are written as on GitHub (`members.md#导入`, `img/x.png`) and
rewritten to /help/ addresses when built.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import markdown
from django.conf import settings
from django.urls import reverse

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
IMAGE_DIR = GUIDE_DIR / "img"
FRONT = re.compile(r"\A---\n(?P<head>.*?)\n---\n", re.S)
SLUG = re.compile(r"^[a-z0-9-]+$")
IMAGE = re.compile(r"^[a-z0-9-]+\.png$")
PREFIX = "/help/"
LINK = re.compile(r'(?P<attr>href|src)="(?P<url>[^"]*)"')


@dataclass(frozen=True)
class Shot:
    file: str
    user: str
    path: str
    phone: bool = False  # taken 375 px wide


@dataclass
class Page:
    slug: str
    title: str
    audience: str
    order: int
    screens: list[str]
    shots: list[Shot]
    source: str
    html: str = ""
    toc: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return reverse(f"help:{self.slug}")


class GuideError(ValueError):
    pass


def parse(path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    match = FRONT.match(text)
    if not match:
        raise GuideError(f"{path.name}: no front matter (--- title: … ---)")
    head = {}
    for line in match["head"].splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            raise GuideError(f"{path.name}: front matter line without a colon: {line!r}")
        head.setdefault(key.strip(), []).append(value.strip())
    slug = path.stem
    if not SLUG.match(slug):
        raise GuideError(f"{path.name}: page names are lower-case letters, digits and hyphens")
    missing = {"title", "audience", "order"} - head.keys()
    if missing:
        raise GuideError(f"{path.name}: front matter lacks {sorted(missing)}")
    screens = [s.strip() for value in head.get("screens", []) for s in value.split(",") if s.strip()]
    shots = []
    for value in head.get("shots", []):
        name, _, rest = value.partition("=")
        words = rest.split()
        if not IMAGE.match(name.strip()) or len(words) not in (2, 3) or not words[1].startswith("/"):
            raise GuideError(f"{path.name}: shots line is `name.png = user /path/ [phone]`: {value!r}")
        if len(words) == 3 and words[2] != "phone":
            raise GuideError(f"{path.name}: a shot's size is `phone` or left out: {value!r}")
        shots.append(Shot(name.strip(), words[0], words[1], phone=len(words) == 3))
    return Page(
        slug=slug,
        title=head["title"][0],
        audience=head["audience"][0],
        order=int(head["order"][0]),
        screens=screens,
        shots=shots,
        source=text[match.end() :],
    )


def _rewrite(html: str) -> str:
    """GitHub-style links between pages (`members.md#导入名册`, `img/x.png`) made into /help/ addresses
    (the app's urls.py mounts every app at /<label>/); other links stay as written."""

    def replace(match):
        url = match["url"]
        target, hash_, anchor = url.partition("#")
        if target.startswith("img/"):
            url = PREFIX + target
        elif target.endswith(".md") and "/" not in target:
            url = f"{PREFIX}{target.removesuffix('.md')}/" + hash_ + anchor
        return f'{match["attr"]}="{url}"'

    return LINK.sub(replace, html)


def files(directory: Path = GUIDE_DIR) -> list[Path]:
    return [p for p in sorted(directory.glob("*.md")) if p.name != "README.md"]


def slugs() -> list[str]:
    """Page names, read without building (for urls.py)."""
    return [p.stem for p in files() if SLUG.match(p.stem)]


def build(directory: Path = GUIDE_DIR) -> dict[str, Page]:
    pages = {p.stem: parse(p) for p in files(directory)}
    for page in pages.values():
        md = markdown.Markdown(
            extensions=["tables", "toc", "fenced_code", "attr_list", "sane_lists"],
            extension_configs={"toc": {"slugify": _slugify, "toc_depth": "2-3"}},
        )
        html = _rewrite(md.convert(page.source))
        html = re.sub(r"\A<h1[^>]*>.*?</h1>\n?", "", html)  # the page's title is its heading already
        html = html.replace("<table>", '<div class="table-responsive"><table class="table table-vcenter">')
        page.html = html.replace("</table>", "</table></div>")
        page.toc = md.toc_tokens
    return dict(sorted(pages.items(), key=lambda item: (item[1].order, item[0])))


def _slugify(value: str, separator: str) -> str:
    """Chinese headings keep their characters as anchors (members.md#导入名册)."""
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[\s]+", separator, value)


@lru_cache(maxsize=1)
def _cached(stamp: tuple) -> dict[str, Page]:
    return build()


def pages() -> dict[str, Page]:
    """The built guide, built once; with DEBUG rebuilt when a page changes (names and times are the key)."""
    stamp = (
        tuple((p.name, p.stat().st_mtime_ns) for p in sorted(GUIDE_DIR.glob("*.md")))
        if settings.DEBUG
        else ()
    )
    return _cached(stamp)


def page_for(view_name: str | None) -> Page | None:
    """The page whose `screens` name this URL (exact name first, then `app:*`)."""
    if not view_name:
        return None
    namespace = view_name.split(":", 1)[0] + ":*" if ":" in view_name else None
    everything = pages().values()
    return next((p for p in everything if view_name in p.screens), None) or next(
        (p for p in everything if namespace and namespace in p.screens), None
    )


def sections() -> list[tuple[str, list[Page]]]:
    """Pages grouped by audience, in the order of each group's first page."""
    groups: dict[str, list[Page]] = {}
    for page in pages().values():
        groups.setdefault(page.audience, []).append(page)
    return list(groups.items())
