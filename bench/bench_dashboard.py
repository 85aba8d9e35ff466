"""Federation dashboard from snapshots: 10,000 unions, 1M members' worth of figures.

    python bench/bench_dashboard.py                 # PostgreSQL (BENCH_PG_URL), 10,000 unions
    python bench/bench_dashboard.py --unions 500    # a quick run

Builds, in a fresh database: one county federation with 100 town federations of 100 unions each;
snapshot rows written directly for every rate metric and member count (11 months, ~100 members per union:
1M members' worth); 10,000 confirmed plans with 30 schedule items each (300,000 rows) so the snapshot
task has real records to compute from. Then measures, in the same run:

- dashboard: the federation dashboard (`plans:dashboard`, sorted by a metric, page 1 of 50 rows) through
  Django's test client: the whole request (middleware, access, queries, template). Median of 20.
- floor: the same page straight from SQL on a raw cursor (one LEFT JOIN sorted by the value + one pivot
  query for the 50 rows). Median of 20.
- peer (naive): the same table computed live, without snapshots: the metric per union through the
  registry (what a dashboard without a snapshot table does), timed over 200 unions and scaled to all.
- live grouped: the smarter live path (one GROUP BY over all schedule items), for comparison.
- snapshot task: build_snapshots for the plans metrics over all 11 months (per union, then roll-up).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/gh_bench_dashboard")
RATES = {
    "dues.collection_rate": (0.75, 1.0),
    "members.membership_rate": (0.6, 1.0),
    "activities.participation_rate": (0.3, 0.95),
    "care.archive_rate": (0.5, 1.0),
    "care.aid_rate": (0.4, 1.0),
}
ITEMS_PER_PLAN = 30
MEMBERS_PER_UNION = 100


def fresh_database():
    dbname = PG_URL.rsplit("/", 1)[1]
    base = PG_URL.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", base, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=True)
    subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {dbname}"], check=True)


def setup_django():
    os.environ.update(
        DATABASE_URL=PG_URL,
        SECRET_KEY="bench-only-not-secret",
        TESTING="true",  # plain static storage, immediate tasks; nothing else differs
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="gonghui.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_tree(unions: int):
    from gonghui.orgs.models import Org, OrgKind, UnitType

    county = Org.objects.add_root(
        {"code": "bench-county", "name": "基准县总工会", "kind": OrgKind.FEDERATION}
    )
    towns_n = max(1, unions // 100)
    towns = [
        Org(
            code=f"town-{t}",
            name=f"第{t}镇总工会",
            kind=OrgKind.FEDERATION,
            unit_type=UnitType.TOWN,
            path=Org._get_path(county.path, 2, t + 1),
            depth=2,
            numchild=unions // towns_n,
        )
        for t in range(towns_n)
    ]
    Org.objects.bulk_create(towns)
    types = [UnitType.VILLAGE, UnitType.SCHOOL, UnitType.ENTERPRISE, UnitType.COMMUNITY, UnitType.HOSPITAL]
    rows = []
    for t, town in enumerate(towns):
        for u in range(unions // towns_n):
            rows.append(
                Org(
                    code=f"u-{t}-{u}",
                    name=f"第{t}镇第{u}号基层工会",
                    kind=OrgKind.UNION,
                    unit_type=types[(t + u) % len(types)],
                    employee_count=MEMBERS_PER_UNION + 20,
                    path=Org._get_path(town.path, 3, u + 1),
                    depth=3,
                )
            )
    Org.objects.bulk_create(rows, batch_size=5000)
    Org.objects.filter(pk=county.pk).update(numchild=towns_n)
    return Org.objects.get(pk=county.pk)


def write_snapshots(months, rng):
    """Rate metrics and member counts per union, rolled up to the federations like the task does."""
    from django.db import connection

    from gonghui.metrics.snapshots import roll_up
    from gonghui.orgs.models import Org, OrgKind

    unions = list(Org.objects.filter(kind=OrgKind.UNION).values_list("pk", "path"))
    federations = dict(Org.objects.filter(kind=OrgKind.FEDERATION).values_list("path", "pk"))
    stamp = "2026-01-01 00:00:00+00"
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY metrics_metricsnapshot (org_id, metric_key, month, numerator, denominator, computed_at) "
            "FROM STDIN"
        ) as copy,
    ):
        for key, (low, high) in [*RATES.items(), ("members.count", (0, 0))]:
            base = {pk: rng.uniform(low, high) if low else 0 for pk, _ in unions}
            for month in months:
                if key == "members.count":
                    values = {pk: (MEMBERS_PER_UNION, None) for pk, _ in unions}
                else:
                    den = MEMBERS_PER_UNION * month.month
                    values = {
                        pk: (round(den * min(1, base[pk] + 0.01 * month.month)), den) for pk, _ in unions
                    }
                for pk, (num, den) in roll_up(values, unions, federations).items():
                    copy.write_row((pk, key, month, num, den, stamp))
                    count += 1
    return count


def write_plans(fed, rng, today):
    """A confirmed plan per union with 30 items over the year; past items mostly done."""
    from django.db import connection

    from gonghui.orgs.models import Org, OrgKind
    from gonghui.plans.models import Plan, PlanStatus, Target

    unions = list(Org.objects.filter(kind=OrgKind.UNION).values_list("pk", flat=True))
    Plan.objects.bulk_create(
        [Plan(org_id=pk, year=today.year, title="基准计划", status=PlanStatus.CONFIRMED) for pk in unions],
        batch_size=5000,
    )
    fed_plan = Plan.objects.create(
        org=fed, year=today.year, title="县总工会计划", status=PlanStatus.CONFIRMED
    )
    Target.objects.create(
        org=fed,
        plan=fed_plan,
        text="计划事项完成率90%",
        metric_key="plans.schedule_done_rate",
        value=90,
        unit="%",
    )
    Target.objects.create(
        org=fed, plan=fed_plan, text="会费收缴率100%", metric_key="dues.collection_rate", value=100, unit="%"
    )
    plans = dict(Plan.objects.filter(org_id__in=unions).values_list("org_id", "pk"))
    import uuid

    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY plans_scheduleitem (id, org_id, plan_id, month, period, text, category, status, uncertain, "
            '"order", note, created_at, updated_at) FROM STDIN'
        ) as copy,
    ):
        for org_id, plan_id in plans.items():
            for n in range(ITEMS_PER_PLAN):
                month = n % 12 + 1
                done = month < today.month and rng.random() < 0.8
                copy.write_row(
                    (uuid.uuid4(), org_id, plan_id, month, "", f"第{n}项工作", "other",
                     "done" if done else "planned", False, n, "", "2026-01-01", "2026-01-01")
                )  # fmt: skip
    return len(plans) * ITEMS_PER_PLAN


def median_ms(function, runs=20):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--unions", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(42)
    fresh_database()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from gonghui.metrics import registry
    from gonghui.metrics.snapshots import build_snapshots, months_of_year
    from gonghui.orgs.models import Org, OrgKind, Role
    from gonghui.orgs.tests.factories import make_user
    from gonghui.plans.metrics import schedule_done_rate_by_union

    today = date.today()
    months = months_of_year(today.year, until=today)
    started = time.perf_counter()
    fed = build_tree(args.unions)
    snapshots = write_snapshots(months, rng)
    items = write_plans(fed, rng, today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"set-up: {args.unions} unions, {snapshots} snapshot rows, {items} schedule items "
          f"in {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip

    started = time.perf_counter()
    written = build_snapshots(months=months, keys=["plans.schedule_done_rate", "plans.overdue_items"])
    task_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE metrics_metricsnapshot")

    client = Client()
    client.force_login(make_user("bench_admin", Role.FEDERATION_ADMIN, fed))
    url = reverse("plans:dashboard") + "?sort=plans.schedule_done_rate&desc=on"
    response = client.get(url)
    assert response.status_code == 200 and "基层工会" in response.content.decode(), response.status_code
    dashboard_ms = median_ms(lambda: client.get(url))
    by_name_ms = median_ms(lambda: client.get(reverse("plans:dashboard")))
    month = months[-1]

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT o.id FROM orgs_org o LEFT JOIN metrics_metricsnapshot s ON s.org_id = o.id "
                "AND s.metric_key = %s AND s.month = %s WHERE o.path LIKE %s AND o.kind = 'union' "
                "ORDER BY s.numerator * 100.0 / NULLIF(s.denominator, 0) DESC NULLS LAST, o.name LIMIT 50",
                ["plans.schedule_done_rate", month, fed.path + "%"],
            )
            ids = [r[0] for r in cursor.fetchall()]
            cursor.execute(
                "SELECT org_id, metric_key, numerator, denominator FROM metrics_metricsnapshot "
                "WHERE org_id = ANY(%s) AND month = %s",
                [ids, month],
            )
            cursor.fetchall()

    floor_ms = median_ms(floor)

    sample = list(Org.objects.filter(kind=OrgKind.UNION).order_by("?")[:200])
    metric = registry.get("plans.schedule_done_rate")
    start, end = date(today.year, 1, 1), today
    started = time.perf_counter()
    for union in sample:
        metric.compute(union.subtree(), start, end)
    naive_ms = (time.perf_counter() - started) * 1000 * args.unions / len(sample)
    unions = list(Org.objects.filter(kind=OrgKind.UNION).values_list("pk", "path"))
    grouped_ms = median_ms(lambda: schedule_done_rate_by_union(unions, start, end), runs=3)

    print(
        f"\nfederation dashboard (sorted by a metric, 50 rows): median {dashboard_ms:.1f} ms (goal < 200 ms)"
    )
    print(f"federation dashboard (sorted by name):             median {by_name_ms:.1f} ms")
    print(f"floor (raw SQL, same page):                        median {floor_ms:.1f} ms")
    print(f"peer: live per union without snapshots (scaled):   {naive_ms / 1000:.1f} s")
    print(f"live, one grouped query (one metric, no render):   median {grouped_ms:.0f} ms")
    print(f"snapshot task (2 plans metrics × {len(months)} months, {written} rows): {task_s:.1f} s")
    print(f"ratios: dashboard/floor = {dashboard_ms / floor_ms:.1f}×, "
          f"naive/dashboard = {naive_ms / dashboard_ms:.0f}×, grouped-live/dashboard = {grouped_ms / dashboard_ms:.1f}×")  # fmt: skip
    print(f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"PostgreSQL {connection.cursor().connection.info.server_version}")  # fmt: skip


if __name__ == "__main__":
    main()
