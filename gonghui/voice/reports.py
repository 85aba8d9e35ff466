"""Voice in the reports registries: notices, suggestions and letters prove plan items; the
公开登记簿, 合理化建议簿 and 职工来信来访登记簿 are their ledgers."""

from datetime import date

from django.db.models import Q
from django.urls import reverse

from gonghui.core import access
from gonghui.reports.registry import register_evidence, register_ledger, scoped
from gonghui.voice import ledgers
from gonghui.voice.models import Notice, Suggestion


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


register_evidence(
    key="democracy.notice",
    label="厂务/校务公开",
    model=Notice,
    rows=lambda: Notice.objects.published(),
    date_field="publish_from",
    search=lambda rows, q: rows.filter(Q(title__icontains=q) | Q(body__icontains=q)),
    describe=lambda n: (
        f"{n.publish_from:%Y-%m-%d} {n.get_kind_display()}·{n.get_category_display()}：{n.title}"
    ),
    url=lambda n: reverse("voice:notice", kwargs={"notice_id": n.pk}),
    files=lambda n: [(a.name, a.file) for a in n.attachments.all()],
    prefetch=("attachments",),
    order=30,
)
register_evidence(
    key="democracy.suggestion",
    label="合理化建议",
    model=Suggestion,
    rows=lambda: Suggestion.objects.suggestions(),
    date_field="submitted_on",
    search=lambda rows, q: rows.filter(Q(title__icontains=q) | Q(department__icontains=q)),
    describe=lambda s: f"{s.submitted_on:%Y-%m-%d} 合理化建议：{s.title}（{s.get_status_display()}）",
    url=lambda s: reverse("voice:suggestion", kwargs={"suggestion_id": s.pk}),
    order=31,
)
register_evidence(
    key="democracy.letter",
    label="工会信箱来信",
    model=Suggestion,
    rows=lambda: Suggestion.objects.letters(),
    date_field="submitted_on",
    search=lambda rows, q: rows.filter(title__icontains=q),
    describe=lambda s: (
        f"{s.submitted_on:%Y-%m-%d} 来信：{s.title}（{'已答复' if s.replied_at else '待答复'}）"
    ),
    url=lambda s: reverse("voice:suggestion", kwargs={"suggestion_id": s.pk}),
    order=32,
)


def _notices(orgs, year):
    return Notice.objects.in_orgs(orgs).published().in_period(*year_bounds(year))


def _build_notices(*, orgs, year, fmt, out, by=None):
    out.write_bytes(ledgers.notices_xlsx(scoped(by, _notices(orgs, year)).for_list(), year=year))


def _suggestions(orgs, year):
    return Suggestion.objects.in_orgs(orgs).suggestions().submitted_between(*year_bounds(year))


def _build_suggestions(*, orgs, year, fmt, out, by=None):
    out.write_bytes(ledgers.suggestions_xlsx(scoped(by, _suggestions(orgs, year)).for_list(), year=year))


def _letters(orgs, year):
    return Suggestion.objects.in_orgs(orgs).letters().submitted_between(*year_bounds(year))


def _build_letters(*, orgs, year, fmt, out, by=None):
    out.write_bytes(ledgers.letters_xlsx(scoped(by, _letters(orgs, year)).for_list(), year=year))


register_ledger(
    key="voice.notices",
    title="公开登记簿",
    book="公开登记簿",
    required=False,  # the publishing plan (open_affairs_rate) says what was due; an empty year is shown there
    formats=("xlsx",),
    count=lambda orgs, year: _notices(orgs, year).count(),
    build=_build_notices,
    evidence_key="democracy.notice",
    rows_per_page=25,
)
register_ledger(
    key="voice.suggestions",
    title="合理化建议簿",
    book="合理化建议簿",
    required=False,  # a year nobody suggested anything is no failing of the union's records
    formats=("xlsx",),
    count=lambda orgs, year: _suggestions(orgs, year).count(),
    build=_build_suggestions,
    evidence_key="democracy.suggestion",
    rows_per_page=20,
)
register_ledger(
    key="voice.letters",
    title="职工来信来访登记簿",
    book="职工来信来访登记簿",
    required=False,  # a union nobody wrote to has nothing to file
    formats=("xlsx",),
    count=lambda orgs, year: _letters(orgs, year).count(),
    build=_build_letters,
    evidence_key="democracy.letter",
    capability=access.PERSONAL,
    rows_per_page=20,
    sensitive=True,
)
