"""The CSP forbids inline script, so an inline handler (onclick="return confirm(…)") silently does
nothing: the calendar's 「生成新地址」 replaced the key with no confirmation. Behaviour is attached
by data attributes in core/static/core/app.js (data-confirm, data-autosubmit, data-chart)."""

import re
from pathlib import Path

import gonghui

INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(src|type=\"application/json\")\b)[^>]*>", re.IGNORECASE)


def templates():
    found = sorted(Path(gonghui.__file__).parent.glob("*/templates/**/*.html"))
    assert len(found) > 20
    return found


def test_no_template_has_an_inline_event_handler():
    offenders = [str(p) for p in templates() if INLINE_HANDLER.search(p.read_text())]
    assert not offenders, f"inline on…= handlers (blocked by the CSP; use data-confirm etc.): {offenders}"


def test_no_template_has_an_inline_script():
    offenders = [str(p) for p in templates() if INLINE_SCRIPT.search(p.read_text())]
    assert not offenders, f"inline <script> (blocked by the CSP; put it in a static file): {offenders}"


def test_the_patterns_catch_what_they_are_for():
    assert INLINE_HANDLER.search('<button type="submit"\n onclick="return confirm(\'x\')">')
    assert not INLINE_HANDLER.search('<button data-confirm="确定吗？">生成新地址</button>')
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/core/app.js"></script>')
