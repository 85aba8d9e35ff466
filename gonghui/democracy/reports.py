"""Democracy in the reports registries: sessions and proposals prove plan items; the delegate roll,
the proposals book and the meeting records fill 会员代表名册, 职代会提案征集处理簿 and 会议记录簿."""

from datetime import date

from django.db.models import Q
from django.urls import reverse

from gonghui.core import access
from gonghui.democracy import ledgers
from gonghui.democracy.models import Delegate, Proposal, Session, SessionStatus
from gonghui.reports.registry import register_evidence, register_ledger, scoped


def _year(year):
    return date(year, 1, 1), date(year, 12, 31)


register_evidence(
    key="democracy.session",
    label="职代会(教代会)会议",
    model=Session,
    date_field="held_on",
    rows=lambda: Session.objects.filter(status=SessionStatus.CLOSED),
    search=lambda rows, q: rows.filter(
        Q(place__icontains=q) | Q(minutes__icontains=q) | Q(items__title__icontains=q)
    ).distinct(),
    describe=lambda s: f"{s.held_on:%Y-%m-%d} {s.title}",
    url=lambda s: reverse("democracy:session", kwargs={"session_id": s.pk}),
    prefetch=("congress",),
    order=30,
)
register_evidence(
    key="democracy.proposal",
    label="职代会提案",
    model=Proposal,
    date_field="submitted_on",
    search=lambda rows, q: rows.filter(Q(title__icontains=q) | Q(lead_department__icontains=q)),
    describe=lambda p: (
        f"{p.submitted_on or p.created_at.date():%Y-%m-%d} 提案：{p.title}（{p.get_status_display()}）"
    ),
    url=lambda p: reverse("democracy:proposal", kwargs={"proposal_id": p.pk}),
    order=31,
)


def _delegates(orgs, year):
    start, end = _year(year)
    return (
        Delegate.objects.in_orgs(orgs)
        .filter(elected_on__lte=end, congress__starts_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .exclude(congress__ends_on__lt=start, congress__extended_to__isnull=True)
    )


def _build_delegates(*, orgs, year, fmt, out, by=None):
    rows = scoped(by, _delegates(orgs, year)).select_related("member", "congress", "replaces__member")
    out.write_bytes(
        ledgers.delegates_xlsx(rows.order_by("congress__term_number", "delegation", "member__name_pinyin"))
    )


def _proposals(orgs, year):
    return Proposal.objects.in_orgs(orgs).filter(session__held_on__year=year)


def _build_proposals(*, orgs, year, fmt, out, by=None):
    rows = scoped(by, _proposals(orgs, year)).select_related("session__congress", "proposer__member")
    rows = rows.prefetch_related("seconds__delegate__member").order_by(
        "session__held_on", "number", "created_at"
    )
    out.write_bytes(ledgers.proposals_xlsx(rows))


def _sessions(orgs, year):
    return Session.objects.in_orgs(orgs).filter(held_on__year=year, status=SessionStatus.CLOSED)


def _build_minutes(*, orgs, year, fmt, out, by=None):
    rows = scoped(by, _sessions(orgs, year)).select_related("congress__org").order_by("held_on")
    out.write_bytes(ledgers.minutes_docx(rows))


register_ledger(
    key="democracy.delegates",
    title="会员(职工)代表名册",
    book="会员代表名册",
    required=False,
    formats=("xlsx",),
    count=lambda orgs, year: _delegates(orgs, year).count(),
    build=_build_delegates,
    capability=access.VIEW,
    rows_per_page=30,
)
register_ledger(
    key="democracy.proposals",
    title="职代会提案征集处理簿",
    book="职代会提案征集处理簿",
    required=False,  # a small union's 职工大会 may take no proposals in a year
    formats=("xlsx",),
    count=lambda orgs, year: _proposals(orgs, year).count(),
    build=_build_proposals,
    evidence_key="democracy.proposal",
    capability=access.VIEW,
    rows_per_page=10,
)
register_ledger(
    key="democracy.meeting_records",
    title="职代会(教代会)会议记录",
    book="会议记录簿",
    required=False,
    formats=("docx",),
    count=lambda orgs, year: _sessions(orgs, year).count(),
    build=_build_minutes,
    evidence_key="democracy.session",
    capability=access.VIEW,
    rows_per_page=1,
)
