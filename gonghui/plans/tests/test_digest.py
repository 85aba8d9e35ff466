"""The digest's source registry: apps plug in from their own digest.py, build_digests reads every
union in a fixed number of queries (never one per union), and a rerun the same day keeps what was sent."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.care.tests.factories import member_in
from gonghui.members.models import Gender
from gonghui.orgs.tests.factories import make_org
from gonghui.plans import digest
from gonghui.plans.digest import DigestEntry, build_digests, digest_sources, register_digest_source
from gonghui.plans.models import Digest
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory
from gonghui.rights.models import DisputeCase
from gonghui.rights.tests.factories import CareRecordFactory, CollectiveContractFactory, DisputeCaseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(date(2026, 6, 15), tick=False)]
DAY = date(2026, 6, 22)


def test_each_apps_digest_module_registers_on_first_use():
    keys = [source.key for source in digest_sources()]
    assert keys[0] == "plans.schedule"
    assert {"rights.cases", "rights.contracts", "rights.women", "rights.checks"} <= set(keys)
    with pytest.raises(ValueError):
        register_digest_source(key="nodot", label="x", collect=lambda day, horizon: [])


@pytest.fixture
def extra_source(monkeypatch):
    """A source from a made-up app: one fixed query however many unions it reports on."""

    def collect(day, horizon):
        from gonghui.orgs.models import Org

        for path in Org.objects.unions().values_list("path", flat=True):
            yield path, DigestEntry(text="测试来源提醒", due=horizon, when="测试", kind="test")

    source = digest.DigestSource(key="test.extra", label="测试", collect=collect)
    digest_sources()  # discover the real ones first, so the fixture's entry is added to them
    monkeypatch.setitem(digest._SOURCES, source.key, source)
    return source


def _union_with_everything(parent, n):
    union = make_org(parent, code=f"u-{n}", name=f"第{n}工会")
    plan = PlanFactory(org=union, year=2026)
    ScheduleItemFactory(org=union, plan=plan, month=5, text=f"五月事项{n}")
    DisputeCaseFactory(org=union, received_on=date(2026, 6, 5))
    CollectiveContractFactory(org=union, signed_on=date(2026, 6, 15), file_by=date(2026, 6, 25))
    woman = member_in(union, gender=Gender.FEMALE)
    CareRecordFactory(org=union, member=woman, due_date=DAY + timedelta(weeks=12, days=2))
    return union


def _queries():
    with CaptureQueriesContext(connection) as queries:
        build_digests(day=DAY)
    return len(queries)


def test_build_digests_reads_every_union_in_a_fixed_number_of_queries(world, extra_source):
    for n in range(2):
        _union_with_everything(world.fed, n)
    first = _queries()
    for n in range(2, 7):
        _union_with_everything(world.fed, n)
    Digest.objects.all().delete()
    assert _queries() == first  # five more unions, not one query more
    assert _queries() == first  # a refresh (updates instead of inserts) costs the same
    built = Digest.objects.get(org__code="u-6", day=DAY)
    kinds = {e["kind"] for e in built.overdue + built.due_soon}
    assert kinds == {"item", "case", "contract", "women", "test"}
    assert first <= 14  # 8 reads (units + one per source, the checks two), the writes, savepoints


def test_a_rerun_refreshes_entries_and_drops_unions_with_nothing_left(world):
    plan = PlanFactory(org=world.union_a, year=2026)
    item = ScheduleItemFactory(org=world.union_a, plan=plan, month=5, text="五月事项")
    assert build_digests(day=DAY) == 1
    Digest.objects.filter(org=world.union_a).update(emailed_to=["chair@example.cn"])
    DisputeCaseFactory(org=world.union_a, received_on=date(2026, 6, 5), number="2026-031")
    build_digests(day=DAY)
    built = Digest.objects.get(org=world.union_a, day=DAY)
    assert [e["text"] for e in built.overdue] == ["五月事项"]
    assert "2026-031" in built.due_soon[0]["text"] and built.due_soon[0]["link"].startswith("/rights/")
    assert built.emailed_to == ["chair@example.cn"]  # kept: the rerun sends nothing twice
    item.status = "done"
    item.save()
    built.delete()
    DisputeCase.objects.all().delete()
    assert build_digests(day=DAY) == 0 and not Digest.objects.exists()
