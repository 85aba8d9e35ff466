"""The union's own work in the reports registries: meetings, study sessions, honours and news reports
prove plan items; the meetings, study and honours ledgers fill the 会议记录簿, the 职工教育培训档案 and
the 工会积极分子名册."""

from django.db.models import Q
from django.urls import reverse

from gonghui.reports.registry import register_evidence, register_ledger, root_of, scoped
from gonghui.unionwork import ledgers
from gonghui.unionwork.models import Honour, HonourStatus, Meeting, NewsReport, StudySession, officer_hours

register_evidence(
    key="unionwork.meeting",
    label="会议",
    model=Meeting,
    date_field="held_on",
    search=lambda rows, q: rows.filter(Q(title__icontains=q) | Q(agenda__icontains=q)),
    describe=lambda m: f"{m.held_on:%Y-%m-%d} {m.get_kind_display()}：{m.title}",
    url=lambda m: reverse("unionwork:meeting", kwargs={"meeting_id": m.pk}),
    files=lambda m: (
        [(f"{m.held_on:%Y%m%d}会议记录." + m.minutes_scan.name.rsplit(".", 1)[-1], m.minutes_scan)]
        if m.minutes_scan
        else []
    ),
    order=30,
)
register_evidence(
    key="unionwork.study",
    label="学习",
    model=StudySession,
    date_field="held_on",
    search=lambda rows, q: rows.filter(Q(topic__icontains=q) | Q(materials__icontains=q)),
    describe=lambda s: f"{s.held_on:%Y-%m-%d} 学习：{s.topic}（{s.hours}学时）",
    url=lambda s: reverse("unionwork:study", kwargs={"studysession_id": s.pk}),
    order=31,
)
register_evidence(
    key="unionwork.honour",
    label="表彰",
    model=Honour,
    date_field="awarded_on",
    rows=lambda: Honour.objects.filter(status=HonourStatus.AWARDED),
    search=lambda rows, q: rows.filter(
        Q(title__icontains=q) | Q(member__name__icontains=q) | Q(group_name__icontains=q)
    ),
    describe=lambda h: f"{h.year}年 {h.title}（{h.get_level_display()}）",
    url=lambda h: reverse("unionwork:honour", kwargs={"honour_id": h.pk}),
    prefetch=("member",),
    order=32,
)
register_evidence(
    key="unionwork.news",
    label="信息报送",
    model=NewsReport,
    date_field="submitted_on",
    rows=lambda: NewsReport.objects.sent(),
    search=lambda rows, q: rows.filter(Q(title__icontains=q) | Q(body__icontains=q)),
    describe=lambda r: f"{r.submitted_on:%Y-%m-%d} 信息：{r.title}（{r.get_status_display()}）",
    url=lambda r: reverse("unionwork:report", kwargs={"newsreport_id": r.pk}),
    order=33,
)


def _meetings(orgs, year):
    return Meeting.objects.in_orgs(orgs).minuted().filter(held_on__year=year)


def _build_meetings(*, orgs, year, fmt, out, by=None):
    meetings = scoped(by, _meetings(orgs, year)).order_by("held_on").prefetch_related("officers", "decisions")
    out.write_bytes(ledgers.meetings_docx(list(meetings), org_name=root_of(orgs).name, year=year))


def _study(orgs, year):
    return StudySession.objects.in_orgs(orgs).filter(held_on__year=year)


def _build_study(*, orgs, year, fmt, out, by=None):
    sessions = scoped(by, _study(orgs, year)).order_by("held_on")
    out.write_bytes(
        ledgers.study_xlsx(
            sessions.prefetch_related("officers"),
            officer_hours(sessions),
            org_name=root_of(orgs).name,
            year=year,
        )
    )


def _honours(orgs, year):
    return Honour.objects.in_orgs(orgs).filter(status=HonourStatus.AWARDED, year=year)


def _build_honours(*, orgs, year, fmt, out, by=None):
    honours = scoped(by, _honours(orgs, year)).select_related("member", "org").order_by("level", "title")
    out.write_bytes(ledgers.honours_xlsx(honours, org_name=root_of(orgs).name, year=year))


register_ledger(
    key="unionwork.meetings",
    title="会议记录",
    book="会议记录簿",
    required=True,
    formats=("docx",),
    count=lambda orgs, year: _meetings(orgs, year).count(),
    build=_build_meetings,
    evidence_key="unionwork.meeting",
    rows_per_page=1,  # one meeting per page
)
register_ledger(
    key="unionwork.study",
    title="学习记录",
    book="职工教育培训档案",
    required=True,
    formats=("xlsx",),
    count=lambda orgs, year: _study(orgs, year).count(),
    build=_build_study,
    evidence_key="unionwork.study",
    rows_per_page=25,
)
register_ledger(
    key="unionwork.honours",
    title="表彰登记",
    book="工会积极分子名册",
    required=False,  # a year without an award is no failing
    formats=("xlsx",),
    count=lambda orgs, year: _honours(orgs, year).count(),
    build=_build_honours,
    evidence_key="unionwork.honour",
    rows_per_page=30,
)
