"""The guide builds, every link and image in it resolves, each screen's 「帮助」 opens its page."""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from gonghui.help import guide

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])


def parsed(html):
    links = Links()
    links.feed(html)
    return links


def guide_html(response):
    body = response.content.decode()
    return body.split('data-testid="guide-page">', 1)[1].split("</div></div></div>", 1)[0]


def broken_links(client, page_url, html, fetched=None) -> list[str]:
    """Why links in a guide page's HTML do not lead anywhere (empty when all do)."""
    problems = []
    fetched = {} if fetched is None else fetched
    for link in parsed(html).links:
        url = urljoin(page_url, link)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            problems.append(f"{link}: the guide links only to the app itself (it is read offline too)")
            continue
        try:
            resolve(parts.path)
        except Resolver404:
            problems.append(f"{link}: no such address ({parts.path})")
            continue
        if parts.path.startswith("/help/"):
            if parts.path not in fetched:
                fetched[parts.path] = client.get(parts.path)
            response = fetched[parts.path]
            if response.status_code != 200:
                problems.append(f"{link}: {response.status_code}")
            elif parts.fragment and unquote(parts.fragment) not in parsed(response.content.decode()).ids:
                problems.append(f"{link}: no heading #{unquote(parts.fragment)} on {parts.path}")
    return problems


def test_every_page_builds_with_a_title_and_content():
    pages = guide.build()
    assert {"start", "account", "orgs", "members", "dues", "plans", "activities", "care", "reports"} <= set(
        pages
    )
    assert {"federation", "phone", "operator"} <= set(pages)
    assert {"democracy", "voice", "rights", "unionwork"} <= set(pages)
    for page in pages.values():
        assert page.title and page.html.count("<h2") >= 2, page.slug
        assert "<h1" not in page.html  # the title is the page heading


def test_every_link_and_image_in_the_guide_resolves(login, world):
    client = login(world.chair_a)
    problems, fetched = [], {}
    for page in guide.build().values():
        response = client.get(page.url)
        assert response.status_code == 200, page.slug
        problems += [
            f"{page.slug}.md: {p}" for p in broken_links(client, page.url, guide_html(response), fetched)
        ]
    assert problems == []


def test_the_link_check_can_fail(login, world):
    client = login(world.chair_a)
    html = '<a href="../nowhere/">x</a><a href="../members/#没有这一节">y</a><img src="../img/none.png"><a href="https://example.com/">z</a>'
    assert len(broken_links(client, "/help/start/", html)) == 4


def test_screenshots_named_in_front_matter_exist_and_are_shown():
    pages = guide.build().values()
    shots = {shot.file for page in pages for shot in page.shots}
    images = {p.name for p in guide.IMAGE_DIR.glob("*.png")}
    assert shots <= images, f"run make guide-screens: {sorted(shots - images)}"
    assert images <= shots, f"screenshots no page takes: {sorted(images - shots)}"
    for page in pages:
        for shot in page.shots:
            assert f"img/{shot.file}" in page.source, f"{page.slug}.md takes {shot.file} but does not show it"


def _url_names():
    names, namespaces = set(), set()

    def walk(patterns, namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                namespaces.add(ns)
                walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns)
    return names, namespaces


def test_screens_name_real_pages_and_no_screen_has_two_guides():
    names, namespaces = _url_names()
    claimed = {}
    for page in guide.build().values():
        for screen in page.screens:
            if screen.endswith(":*"):
                assert screen[:-2] in namespaces, f"{page.slug}.md: no app {screen}"
            else:
                assert screen in names, f"{page.slug}.md: no page named {screen}"
            assert screen not in claimed, f"{screen} in both {claimed.get(screen)}.md and {page.slug}.md"
            claimed[screen] = page.slug


@pytest.mark.parametrize(
    "url, page",
    [
        ("/members/", "members"),
        ("/dues/", "dues"),
        ("/care/", "care"),
        ("/password/", "account"),
        ("/orgs/union-a/roles/", "orgs"),
        ("/democracy/", "democracy"),
        ("/voice/union-a/", "voice"),
        ("/rights/", "rights"),
        ("/unionwork/", "unionwork"),
        ("/help/", None),  # not mapped: the index
    ],
)
def test_each_screen_links_its_guide_page(login, world, url, page):
    body = login(world.chair_a).get(url, follow=True).content.decode()
    target = f"/help/{page}/" if page else "/help/"
    assert re.search(rf'href="{re.escape(target)}"[^>]*data-testid="help"', body), url


def test_exact_names_win_over_a_whole_app():
    assert guide.page_for("plans:federation_export").slug == "federation"
    assert guide.page_for("plans:list").slug == "plans"
    assert guide.page_for("nothing:here") is None and guide.page_for(None) is None


def test_members_read_the_guide_and_strangers_log_in_first(client, login, world):
    assert client.get("/help/phone/").status_code == 302
    member = login(world.member_a)
    assert member.get("/help/").status_code == 200
    assert "会员用手机" in member.get("/help/phone/").content.decode()
    mine = member.get("/voice/me/").content.decode()
    assert re.search(r'href="/help/phone/"[^>]*data-testid="help"', mine)  # the member's own page
    image = member.get("/help/img/phone-home.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_a_bad_page_is_refused_with_its_reason(tmp_path):
    (tmp_path / "ok.md").write_text(
        "---\ntitle: 好\naudience: 会员\norder: 1\n---\n## 一\n## 二\n", encoding="utf-8"
    )
    assert list(guide.build(tmp_path)) == ["ok"]
    (tmp_path / "bad.md").write_text("# 没有开头\n", encoding="utf-8")
    with pytest.raises(guide.GuideError, match="front matter"):
        guide.build(tmp_path)
    (tmp_path / "bad.md").write_text(
        "---\ntitle: 坏\naudience: 会员\norder: 1\nshots: x.png = chair members\n---\n", encoding="utf-8"
    )
    with pytest.raises(guide.GuideError, match="shots"):
        guide.build(tmp_path)


def test_a_new_module_is_one_file(tmp_path):
    """Adding a module's guide: one Markdown file; the index groups it, its screens link to it."""
    (tmp_path / "voice.md").write_text(
        "---\ntitle: 职工之声\naudience: 基层工会主席和委员\norder: 65\nscreens: voice:*\n---\n"
        "## 收集意见\n见[会员名册](members.md#导入名册)。\n## 答复\n",
        encoding="utf-8",
    )
    page = guide.build(tmp_path)["voice"]
    assert page.screens == ["voice:*"] and '<a href="/help/members/#导入名册">' in page.html
