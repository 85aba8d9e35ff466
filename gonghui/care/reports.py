"""Care in the reports registries: visits, aid payments and case steps prove plan items; the visits,
case and aid ledgers fill the 走访慰问登记簿 and the 特困职工档案."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.care import ledgers
from gonghui.care.models import Aid, CaseEvent, HardshipCase, Visit
from gonghui.care.tasks import year_bounds
from gonghui.core import access
from gonghui.reports.registry import may, register_evidence, register_ledger, root_of, scoped


def _surname(member) -> str:
    # Lists others see (plan evidence, the summary) name nobody: the date and a surname at most.
    return f"{member.name[:1]}某"


register_evidence(
    key="care.visit",
    label="走访慰问",
    model=Visit,
    date_field="visited_on",
    search=lambda rows, q: rows.filter(Q(member__name__icontains=q) | Q(other_visitors__icontains=q)),
    describe=str,
    url=lambda visit: reverse("care:visit", kwargs={"visit_id": visit.pk}),
    prefetch=("member",),
    files=lambda visit: [(visit.photo.name.rsplit("/", 1)[-1], visit.photo)] if visit.photo else [],
    order=20,
)
register_evidence(
    key="care.aid",
    label="帮扶发放",
    model=Aid,
    date_field="paid_on",
    search=lambda rows, q: rows.filter(Q(member__name__icontains=q) | Q(fund_source__icontains=q)),
    describe=lambda aid: (
        f"{aid.paid_on:%Y-%m-%d} {aid.get_kind_display()} {aid.amount}元（{_surname(aid.member)}）"
    ),
    prefetch=("member",),
    url=lambda aid: reverse("care:member_aid", kwargs={"member_id": aid.member_id}),
    order=21,
)
register_evidence(
    key="care.case_step",
    label="困难档案办理",
    model=CaseEvent,
    date_field="at",
    search=lambda rows, q: rows.filter(Q(case__member__name__icontains=q) | Q(note__icontains=q)),
    describe=lambda event: (
        f"{timezone.localtime(event.at):%Y-%m-%d} 困难档案{event.get_step_display()}（{_surname(event.case.member)}）"
    ),
    prefetch=("case__member", "case__documents"),
    url=lambda event: reverse("care:case", kwargs={"hardshipcase_id": event.case_id}),
    files=lambda event: [
        (d.title + "." + d.file.name.rsplit(".", 1)[-1], d.file) for d in event.case.documents.all()
    ],
    order=22,
)


def _visits(orgs, year):
    return Visit.objects.in_orgs(orgs).in_period(*year_bounds(year))


def _cases(orgs, year):
    return HardshipCase.objects.in_orgs(orgs).found_during(*year_bounds(year))


def _aids(orgs, year):
    return Aid.objects.in_orgs(orgs).in_period(*year_bounds(year))


def _write_visits(visits, *, by, orgs, year) -> bytes:
    return ledgers.visits_xlsx(visits, full=may(by, access.CARE, root_of(orgs)))


def _write_cases(cases, *, by, orgs, year) -> bytes:
    full = may(by, access.SENSITIVE, root_of(orgs))
    content = ledgers.cases_xlsx(cases, full=full)
    if full:  # the ID numbers left the system under this user's name
        ledgers.log_export(by, cases, "id_number")
    return content


def _write_aid(aids, *, by, orgs, year) -> bytes:
    return ledgers.aid_xlsx(aids, year=year)


def _register(*, rows, write, **fields) -> None:
    """A care ledger: `rows(orgs, year)` are its records, `write(rows, by=, orgs=, year=)` lays the
    ones the builder may see out as .xlsx. Every care ledger holds personal data."""

    def build(*, orgs, year, fmt, out, by=None):
        out.write_bytes(write(scoped(by, rows(orgs, year)).for_list(), by=by, orgs=orgs, year=year))

    register_ledger(
        formats=("xlsx",),
        count=lambda orgs, year: rows(orgs, year).count(),
        build=build,
        sensitive=True,
        **fields,
    )


LEDGERS = [
    dict(key="care.visits", title="走访慰问台帐", book="走访慰问登记簿", required=True, rows=_visits,
         write=_write_visits, evidence_key="care.visit", capability=access.PERSONAL, rows_per_page=30),
    # not required: a union with no needy household has nothing to file, and that is no failing
    dict(key="care.cases", title="困难职工建档立卡台帐", book="特困职工档案", required=False, rows=_cases,
         write=_write_cases, evidence_key="care.case_step", capability=access.CARE, rows_per_page=20, order=10),
    dict(key="care.aid", title="帮扶台帐", book="特困职工档案", required=False, rows=_aids,
         write=_write_aid, evidence_key="care.aid", capability=access.CARE, rows_per_page=30, order=20),
]  # fmt: skip
for fields in LEDGERS:
    _register(**fields)
