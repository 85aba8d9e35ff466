"""Rights in the reports registries: mediation cases, contracts and petitions prove plan items; the
mediation register, the petitions book, the collective-contract file and the health-check ledger."""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.care.ledgers import log_export
from gonghui.core import access
from gonghui.reports.registry import may, register_evidence, register_ledger, root_of, scoped
from gonghui.rights import documents
from gonghui.rights.models import (
    CareRecord,
    CheckCampaign,
    CollectiveContract,
    DisputeCase,
    HealthCheck,
    Petition,
)


def _year(year):
    return date(year, 1, 1), date(year, 12, 31)


register_evidence(
    key="rights.case",
    label="劳动争议调解",
    model=DisputeCase,
    date_field="received_on",
    search=lambda rows, q: rows.filter(Q(number__icontains=q)),
    describe=str,
    url=lambda case: reverse("rights:case", kwargs={"disputecase_id": case.pk}),
    order=30,
)
register_evidence(
    key="rights.contract",
    label="集体合同",
    model=CollectiveContract,
    date_field="signed_on",
    search=lambda rows, q: rows.filter(Q(title__icontains=q) | Q(employer__icontains=q)),
    describe=lambda c: (
        f"{c.title}（{c.get_kind_display()}，{c.signed_on:%Y-%m-%d}签订）" if c.signed_on else str(c)
    ),
    url=lambda c: reverse("rights:contract", kwargs={"collectivecontract_id": c.pk}),
    files=lambda c: [(f"{c.title}.{c.text.name.rsplit('.', 1)[-1]}", c.text)] if c.text else [],
    order=31,
)
register_evidence(
    key="rights.petition",
    label="职工来信来访",
    model=Petition,
    date_field="received_on",
    search=lambda rows, q: rows.filter(Q(matter__icontains=q) | Q(petitioner__icontains=q)),
    describe=str,
    url=lambda p: reverse("rights:petition", kwargs={"petition_id": p.pk}),
    order=32,
)


def _cases(orgs, year):
    start, end = _year(year)
    return DisputeCase.objects.in_orgs(orgs).filter(received_on__gte=start, received_on__lte=end)


def _build_cases(*, orgs, year, fmt, out, by=None):
    cases = scoped(by, _cases(orgs, year)).for_list().prefetch_related("claims")
    full = may(by, access.RIGHTS, root_of(orgs))
    out.write_bytes(documents.cases_xlsx(cases, full=full))
    if full and by is not None:
        log_export(by, cases, "detail")


def _petitions(orgs, year):
    return Petition.objects.in_orgs(orgs).in_period(*_year(year))


def _build_petitions(*, orgs, year, fmt, out, by=None):
    rows = scoped(by, _petitions(orgs, year)).select_related("org").order_by("received_on")
    out.write_bytes(documents.petitions_xlsx(rows, full=True))
    if by is not None:
        log_export(by, rows, "detail")


def _contracts(orgs, year):
    start, end = _year(year)
    signed = Q(signed_on__gte=start, signed_on__lte=end)
    return CollectiveContract.objects.in_orgs(orgs).filter(
        signed | Q(effective_on__lte=end, expires_on__gte=start)
    )


def _build_contracts(*, orgs, year, fmt, out, by=None):
    rows = scoped(by, _contracts(orgs, year)).select_related("org").order_by("org__path", "kind")
    out.write_bytes(documents.contracts_xlsx(rows))


def _checks(orgs, year):
    campaigns = CheckCampaign.objects.filter(held_from__year=year)
    return HealthCheck.objects.in_orgs(orgs).filter(campaign__in=campaigns)


def _build_checks(*, orgs, year, fmt, out, by=None):
    rows = scoped(by, _checks(orgs, year)).select_related("campaign", "member", "org")
    rows = rows.order_by("campaign__held_from", "member__name")
    out.write_bytes(documents.checks_xlsx(rows, full=True))
    if by is not None:
        log_export(by, rows, "result")


register_ledger(
    key="rights.cases",
    title="劳动争议调解登记簿",
    book="职工来信来访登记簿",
    required=False,  # a union with no dispute in the year has nothing to register
    formats=("xlsx",),
    count=lambda orgs, year: _cases(orgs, year).count(),
    build=_build_cases,
    evidence_key="rights.case",
    rows_per_page=25,
    sensitive=True,
    order=20,
)
register_ledger(
    key="rights.petitions",
    title="职工来信来访登记簿",
    book="职工来信来访登记簿",
    required=False,
    formats=("xlsx",),
    count=lambda orgs, year: _petitions(orgs, year).count(),
    build=_build_petitions,
    evidence_key="rights.petition",
    capability=access.RIGHTS,
    rows_per_page=20,
    sensitive=True,
    order=10,
)
register_ledger(
    key="rights.contracts",
    title="集体合同档案",
    book="集体合同档案",
    # Not every union signs its own: small units are covered by a regional or industry contract.
    required=False,
    formats=("xlsx",),
    count=lambda orgs, year: _contracts(orgs, year).count(),
    build=_build_contracts,
    evidence_key="rights.contract",
    rows_per_page=25,
)
register_ledger(
    key="rights.health_checks",
    title="职工（女职工）体检台帐",
    book="活动登记簿",
    required=False,
    formats=("xlsx",),
    count=lambda orgs, year: _checks(orgs, year).count(),
    build=_build_checks,
    capability=access.WOMEN,
    rows_per_page=30,
    sensitive=True,
    order=200,  # after the activities ledger of the same book
)


def _care_records(orgs, year):
    """Five-period records running at some time in the year."""
    start, end = _year(year)
    return CareRecord.objects.in_orgs(orgs).filter(
        Q(started_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )


def _build_care_records(*, orgs, year, fmt, out, by=None):
    rows = scoped(by, _care_records(orgs, year)).select_related("member", "org")
    rows = rows.order_by("started_on", "member__name")
    # The entitlements as they stood on the year's last day (or today, for the current year).
    on = min(timezone.localdate(), _year(year)[1])
    out.write_bytes(documents.care_records_xlsx(rows, on=on))
    if by is not None:
        log_export(by, rows, "detail")


register_ledger(
    key="rights.care_records",
    title="女职工五期记录台帐",
    book="走访慰问登记簿",
    required=False,  # a union with no woman in a protected period has nothing to record
    formats=("xlsx",),
    count=lambda orgs, year: _care_records(orgs, year).count(),
    build=_build_care_records,
    capability=access.WOMEN,
    rows_per_page=25,
    sensitive=True,
    order=200,
)
