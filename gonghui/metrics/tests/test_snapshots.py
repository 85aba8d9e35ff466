from datetime import date

import pytest

from gonghui.metrics import registry
from gonghui.metrics.models import MetricSnapshot
from gonghui.metrics.snapshots import build_snapshots, months_of_year, per_union, recent_months
from gonghui.metrics.synonyms import is_measurable, label_for, match_metric_key
from gonghui.orgs.models import OrgKind
from gonghui.orgs.tests.factories import make_org
from gonghui.plans.models import ItemStatus
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("会费收缴100%", "dues.collection_rate"),
        ("会费收缴率达100%", "dues.collection_rate"),
        ("贫特困职工家庭建档率100%", "care.archive_rate"),
        ("帮困率达到95%", "care.aid_rate"),
        ("学练比参与率达98%", "activities.participation_rate"),
        ("劳动争议调节率达90%", "rights.mediation_rate"),
        ("每年至少召开一次教代会", "democracy.congress_held"),
        ("校务公开100%", "democracy.open_affairs_rate"),
    ],
)
def test_synonyms_map_target_wording_to_keys(text, key):
    assert match_metric_key(text) == key


def test_unbuilt_keys_are_kept_but_not_measurable():
    assert not is_measurable("care.archive_rate") or registry.get("care.archive_rate")
    assert label_for("care.archive_rate") == (
        registry.get("care.archive_rate").label if registry.get("care.archive_rate") else "困难职工建档率"
    )
    assert is_measurable("plans.schedule_done_rate")


def _items(org, year, done, planned, month=1):
    plan = PlanFactory(org=org, year=year)
    for _ in range(done):
        ScheduleItemFactory(org=org, plan=plan, month=month, status=ItemStatus.DONE)
    for _ in range(planned):
        ScheduleItemFactory(org=org, plan=plan, month=month)


@pytest.fixture
def tree(world):
    """fed → union_a, union_b, town (federation) → union_c."""
    town = make_org(world.fed, code="town", name="某镇总工会", kind=OrgKind.FEDERATION)
    union_c = make_org(town, code="union-c", name="丙厂工会")
    for org in (world.fed, world.union_a, world.union_b):
        org.refresh_from_db()  # siblings are kept sorted by code: adding "town" moved their paths
    _items(world.union_a, 2024, done=3, planned=1)
    _items(world.union_b, 2024, done=0, planned=2)
    _items(union_c, 2024, done=1, planned=1, month=2)
    return world, town, union_c


def test_metric_computes_on_fixtures(tree):
    world, town, union_c = tree
    value = registry.compute("plans.schedule_done_rate", world.fed, date(2024, 1, 1), date(2024, 2, 29))
    assert (value.numerator, value.denominator) == (4, 8)
    assert value.display() == "50%"
    january = registry.compute("plans.schedule_done_rate", world.fed, date(2024, 1, 1), date(2024, 1, 31))
    assert (january.numerator, january.denominator) == (3, 6)
    empty = registry.compute("plans.schedule_done_rate", world.other_fed, date(2024, 1, 1), date(2024, 2, 29))
    assert empty.display() == "无数据"


def test_grouped_path_equals_per_union_calls(tree):
    world, town, union_c = tree
    unions = [(o.pk, o.path) for o in (world.union_a, world.union_b, union_c)]
    start, end = date(2024, 1, 1), date(2024, 2, 29)
    fast = per_union("plans.schedule_done_rate", unions, start, end)
    found = registry.get("plans.schedule_done_rate")
    for pk, path in unions:
        from gonghui.orgs.models import Org

        assert fast[pk] == found.compute(Org.objects.filter(path__startswith=path), start, end)


def test_snapshots_roll_up_to_every_federation(tree):
    world, town, union_c = tree
    written = build_snapshots(
        months=months_of_year(2024, until=date(2024, 2, 15)), keys=["plans.schedule_done_rate"]
    )
    assert written > 0
    feb = {s.org_id: s for s in MetricSnapshot.objects.filter(month=date(2024, 2, 1))}
    assert (feb[world.union_a.pk].numerator, feb[world.union_a.pk].denominator) == (3, 4)
    assert (feb[town.pk].numerator, feb[town.pk].denominator) == (1, 2)
    assert (feb[world.fed.pk].numerator, feb[world.fed.pk].denominator) == (4, 8)
    assert feb[world.fed.pk].value == 50.0
    jan_fed = MetricSnapshot.objects.get(org=world.fed, month=date(2024, 1, 1))
    assert (jan_fed.numerator, jan_fed.denominator) == (3, 6)
    # the roll-up equals computing the federation's subtree directly
    direct = registry.compute("plans.schedule_done_rate", world.fed, date(2024, 1, 1), date(2024, 2, 29))
    assert (feb[world.fed.pk].numerator, feb[world.fed.pk].denominator) == (
        direct.numerator,
        direct.denominator,
    )
    # a federation without items has a row saying so (no data), as computing it directly says
    assert feb[world.other_fed.pk].value is None


def test_snapshot_task_is_rerunnable(tree):
    from gonghui.metrics.tasks import snapshot_metrics

    snapshot_metrics.enqueue(year=2024)
    first = MetricSnapshot.objects.count()
    snapshot_metrics.enqueue(year=2024)
    assert MetricSnapshot.objects.count() == first > 0


def test_snapshot_command(tree, capsys):
    from django.core.management import call_command

    call_command("snapshot_metrics", year=2024)
    assert "已写入" in capsys.readouterr().out


def test_nightly_run_refreshes_this_and_last_month():
    assert recent_months(date(2024, 5, 20)) == [date(2024, 4, 1), date(2024, 5, 1)]
    assert recent_months(date(2024, 1, 3)) == [date(2024, 1, 1)]
