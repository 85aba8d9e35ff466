"""Metrics (and their fast paths), the plan targets that bind to them, ledgers and the dashboards."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gonghui.care.tests.factories import member_in
from gonghui.metrics import registry
from gonghui.metrics.synonyms import match_metric_key, registered_key
from gonghui.orgs.models import Org
from gonghui.plans.parser import suggest_metric_key
from gonghui.reports.registry import ledger
from gonghui.rights.models import CaseStatus, ContractKind
from gonghui.rights.tests.factories import CollectiveContractFactory, DisputeCaseFactory, PetitionFactory

pytestmark = pytest.mark.django_db
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def _closed(org, status, on=date(2026, 5, 20)):
    return DisputeCaseFactory(org=org, status=status, closed_on=on)


def _units(world):
    return [
        (o.pk, o.path) for o in Org.objects.filter(pk__in=[world.fed.pk, world.union_a.pk, world.union_b.pk])
    ]


def _same_as_fast_path(key, world):
    fast = registry.grouped_for(key)(_units(world), *YEAR)
    for org in (world.union_a, world.union_b):
        direct = registry.get(key).compute(org.subtree(), *YEAR)
        assert tuple(fast.get(org.pk, (0, 0 if registry.get(key).is_rate else None))) == tuple(direct), key


def test_mediation_rate(world):
    _closed(world.union_a, CaseStatus.AGREED)
    _closed(world.union_a, CaseStatus.FAILED)
    _closed(world.union_a, CaseStatus.WITHDRAWN)
    _closed(world.union_a, CaseStatus.AGREED, on=date(2025, 12, 31))  # another year
    DisputeCaseFactory(org=world.union_a)  # open: not closed, not counted
    assert registry.compute("rights.mediation_rate", world.union_a, *YEAR).value == pytest.approx(33.3)
    assert registry.compute("rights.mediation_rate", world.union_b, *YEAR).display() == "无数据"
    _same_as_fast_path("rights.mediation_rate", world)


def test_petition_rate_counts_collective_and_skip_level_per_member(world):
    for _ in range(3):
        member_in(world.union_a)
    PetitionFactory(org=world.union_a, people=3)
    PetitionFactory(org=world.union_a, skip_level=True)
    PetitionFactory(org=world.union_a, people=2)  # neither: not counted
    value = registry.compute("rights.petition_rate", world.union_a, *YEAR)
    assert value.numerator == 2 and value.denominator == 4  # 3 + member_a's record
    _same_as_fast_path("rights.petition_rate", world)


def test_contract_rate_counts_unions_with_an_effective_general_contract(world):
    effective = dict(effective_on=date(2026, 1, 1), expires_on=date(2028, 12, 31))
    CollectiveContractFactory(org=world.union_a, **effective)
    CollectiveContractFactory(org=world.union_b, kind=ContractKind.WOMEN, **effective)
    assert registry.compute("rights.contract_coverage", world.fed, *YEAR).value == 50
    assert registry.compute("rights.contract_coverage.women", world.fed, *YEAR).value == 50
    _same_as_fast_path("rights.contract_coverage", world)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("劳动争议调节率100%", "rights.mediation_rate"),
        ("越级上访和3人上访以上集体上访率为零", "rights.petition_rate"),
    ],
)
def test_seed_05_targets_bind(text, key):
    assert (match_metric_key(text) or suggest_metric_key(text)) == key
    assert registered_key(key) == key
    assert registered_key(suggest_metric_key("促进提高集体合同签订率")) == "rights.contract_coverage"


def _sheet(path):
    return (
        CalamineWorkbook.from_filelike(io.BytesIO(Path(path).read_bytes())).get_sheet_by_index(0).to_python()
    )


def test_mediation_register_masks_parties_for_viewers(world, tmp_path):
    DisputeCaseFactory(org=world.union_a, applicants="秘密申请人")
    orgs = world.union_a.subtree()
    out = tmp_path / "a.xlsx"
    ledger("rights.cases").build(orgs=orgs, year=2026, fmt="xlsx", out=out, by=world.fed_viewer)
    rows = _sheet(out)
    assert rows[0][0] == "劳动争议调解登记簿" and len(rows) == 3
    assert "秘密申请人" not in str(rows)
    ledger("rights.cases").build(orgs=orgs, year=2026, fmt="xlsx", out=out, by=world.chair_a)
    assert "秘密申请人" in str(_sheet(out))
    assert ledger("rights.cases").count(orgs, 2026) == 1


def test_contract_file(world, tmp_path):
    CollectiveContractFactory(org=world.union_a, signed_on=date(2026, 2, 1), wage_increase_pct=5)
    out = tmp_path / "c.xlsx"
    ledger("rights.contracts").build(
        orgs=world.fed.subtree(), year=2026, fmt="xlsx", out=out, by=world.fed_viewer
    )
    rows = _sheet(out)
    assert rows[2][2] == "2026—2028年度集体合同" and rows[2][8] == 5


def test_overdue_cases_on_union_and_federation_dashboards(world, login):
    DisputeCaseFactory(org=world.union_a, received_on=date(2026, 5, 6))  # deadline 5-21, open
    today = timezone.localdate()
    DisputeCaseFactory(org=world.union_a, received_on=today - timedelta(days=2))  # still running
    for user in (world.chair_a, world.fed_admin):
        page = login(user).get(reverse("plans:dashboard"))
        assert "1 件劳动争议调解案件已超过15日调解期限" in page.content.decode()
    assert "劳动争议" not in login(world.chair_b).get(reverse("plans:dashboard")).content.decode()


def test_renewal_reminder_on_the_dashboard(world, login):
    today = timezone.localdate()
    CollectiveContractFactory(org=world.union_a, effective_on=today - timedelta(days=1000),
                              expires_on=today + timedelta(days=60), renewal_from=today - timedelta(days=30))  # fmt: skip
    page = login(world.chair_a).get(reverse("plans:dashboard"))
    assert "1 份集体合同将在3个月内期满" in page.content.decode()


def test_health_check_rates(world):
    from gonghui.rights.models import CheckKind, CheckResult
    from gonghui.rights.tests.factories import CheckCampaignFactory, HealthCheckFactory

    yearly = CheckCampaignFactory(org=world.union_a, kind=CheckKind.YEARLY)
    women = CheckCampaignFactory(org=world.union_a, kind=CheckKind.WOMEN)
    HealthCheckFactory(org=world.union_a, campaign=yearly, result=CheckResult.ATTENDED)
    HealthCheckFactory(org=world.union_a, campaign=yearly, result=CheckResult.FOLLOW_UP)
    HealthCheckFactory(org=world.union_a, campaign=yearly, result=CheckResult.DUE)
    HealthCheckFactory(org=world.union_a, campaign=women, result=CheckResult.ATTENDED)
    assert registry.compute("rights.health_check_rate", world.union_a, *YEAR).value == pytest.approx(66.7)
    assert registry.compute("rights.women_check_rate", world.fed, *YEAR).value == 100
    _same_as_fast_path("rights.health_check_rate", world)
    _same_as_fast_path("rights.women_check_rate", world)
    assert registry.compute("rights.health_checks", world.fed, *YEAR).value == 1
    assert registry.compute("rights.women_checks", world.union_a, *YEAR).value == 1
    assert registry.compute("rights.women_checks", world.union_b, *YEAR).value == 0
    _same_as_fast_path("rights.health_checks", world)
    _same_as_fast_path("rights.women_checks", world)


@pytest.mark.parametrize(
    "text, key",
    [
        ("教职工年度健康体检覆盖率100%", "rights.health_check_rate"),
        ("教职工年度体检参检率不低于98%", "rights.health_check_rate"),
        ("女职工两癌筛查率达到90%", "rights.women_check_rate"),
        ("组织女职工健康体检", "rights.women_checks"),
        ("组织教职工年度健康体检", "rights.health_checks"),
    ],
)
def test_health_check_targets_bind_to_rates_or_counts(text, key):
    assert suggest_metric_key(text) == key
    assert registered_key(key) == key


def test_women_committee_rule_28(world, login, settings):
    from gonghui.members.models import Gender

    settings.GONGHUI_RIGHTS_WOMEN_COMMITTEE_FROM = 3
    for _ in range(3):
        member_in(world.union_a, gender=Gender.FEMALE)
    page = login(world.chair_a).get(reverse("rights:overview", args=[world.union_a.code]))
    assert "须建立女职工委员会" in page.content.decode()
    assert "尚未组建劳动争议调解委员会" in page.content.decode()


def test_women_due_for_their_check_within_the_interval(world, settings):
    from gonghui.members.models import Gender
    from gonghui.rights.metrics import women_due_for_check
    from gonghui.rights.models import CheckKind, CheckResult
    from gonghui.rights.tests.factories import CheckCampaignFactory, HealthCheckFactory

    settings.GONGHUI_RIGHTS_WOMEN_CHECK_YEARS = 2
    recent, old, never = (member_in(world.union_a, gender=Gender.FEMALE) for _ in range(3))
    member_in(world.union_a, gender=Gender.MALE)
    today = date(2026, 6, 15)
    fresh = CheckCampaignFactory(org=world.union_a, kind=CheckKind.WOMEN, held_from=date(2024, 6, 16))
    stale = CheckCampaignFactory(org=world.union_a, kind=CheckKind.WOMEN, held_from=date(2024, 6, 15))
    HealthCheckFactory(org=world.union_a, campaign=fresh, member=recent, result=CheckResult.ATTENDED)
    HealthCheckFactory(org=world.union_a, campaign=stale, member=old, result=CheckResult.ATTENDED)
    HealthCheckFactory(org=world.union_a, campaign=fresh, member=never, result=CheckResult.DUE)
    assert set(women_due_for_check(world.union_a, today)) == {old, never}


def test_care_records_ledger_lists_the_year_s_records_with_entitlements(world, tmp_path):
    from gonghui.core.models import SensitiveAccess
    from gonghui.rights.tests.factories import CareRecordFactory

    running = CareRecordFactory(org=world.union_a, period="nursing", started_on=date(2025, 11, 1),
                                due_date=None, birth_date=date(2025, 10, 20), babies=2)  # fmt: skip
    CareRecordFactory(
        org=world.union_a, started_on=date(2025, 1, 5), ended_on=date(2025, 12, 31)
    )  # last year
    CareRecordFactory(org=world.union_b)
    led = ledger("rights.care_records")
    assert led.capability == "women" and led.book == "走访慰问登记簿"
    assert led.count(world.union_a.subtree(), 2026) == 1 and led.count(world.fed.subtree(), 2026) == 2
    assert led.count(world.union_a.subtree(), 2025) == 2
    out = tmp_path / "care.xlsx"
    led.build(orgs=world.union_a.subtree(), year=2026, fmt="xlsx", out=out, by=world.chair_a)
    rows = _sheet(out)
    body = [r for r in rows if r and r[0] == 1]
    assert len(body) == 1 and body[0][1] == running.member.name and body[0][3] == "哺乳期"
    assert "哺乳时间每天 2 小时，至 2026-10-20" in body[0][9]
    assert SensitiveAccess.objects.filter(object_id=str(running.pk), user=world.chair_a).exists()


def test_care_records_ledger_needs_the_women_capability(world, login):
    def row(user):
        page = login(user).get(reverse("reports:ledgers", args=[world.union_a.code])).content.decode()
        start = page.index("女职工五期记录台帐")
        return page[start : page.index("</tr>", start)]

    assert "无权限" not in row(world.chair_a)
    assert "无权限" in row(world.fed_viewer)
