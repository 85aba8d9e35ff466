"""Nightly snapshot task: every registered metric, this month and last, for 10,000 unions.

    .venv/bin/python bench/bench_snapshots.py                       # SQLite (var/bench_snapshots.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench_snap .venv/bin/python bench/bench_snapshots.py
    .venv/bin/python bench/bench_snapshots.py --unions 500          # a quick run

Builds, in a fresh database, with bulk inserts: one county federation → 100 town federations →
10,000 unions (the tree of bench_dashboard.py); per union MEMBERS members (default 30: 300,000 members,
fewer than the 1M of a real county, to keep generation within minutes), a dues payment per member,
3 activities with 12 attendances, 2 visits, 1 needy household on file (aid for half of them) and a
10-item confirmed plan; the county and each town also hold activities, visits and aid of their own.

Then times, in the same run:
- fast: build_snapshots (every registered metric, recent_months(today)) with the grouped fast paths.
- per-union: the same figures the way a metric without a fast path is computed (one call per unit),
  timed over a random sample of SAMPLE unions for every metric and month and scaled to all units.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
SQLITE = ROOT / "var" / "bench_snapshots.sqlite3"


def fresh_database():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        dbname = url.rsplit("/", 1)[1]
        base = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", base, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=True)
        subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {dbname}"], check=True)
    else:
        SQLITE.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"
    os.environ.update(
        SECRET_KEY="bench-only-not-secret", TESTING="true", DJANGO_SETTINGS_MODULE="gonghui.settings"
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(unions_n: int, members_n: int, today: date, rng: random.Random) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench.bench_dashboard import build_tree
    from gonghui.activities.models import Activity, Attendance, Category
    from gonghui.care.models import Aid, CaseStatus, HardshipCase, Occasion, Visit
    from gonghui.dues import months
    from gonghui.dues.models import DuesPayment
    from gonghui.members.models import Member, MemberStatus
    from gonghui.orgs.models import Org, OrgKind
    from gonghui.plans.models import Plan, PlanStatus, ScheduleItem

    build_tree(unions_n)
    user = get_user_model().objects.create(username="bench")
    year = today.year
    this = months.month_index(year, today.month)
    unions = list(Org.objects.filter(kind=OrgKind.UNION).values_list("pk", flat=True))
    feds = list(Org.objects.filter(kind=OrgKind.FEDERATION).values_list("pk", flat=True))
    counts: dict[str, int] = {}

    def put(model, rows):
        model.objects.bulk_create(rows, batch_size=5000)
        counts[model._meta.model_name] = counts.get(model._meta.model_name, 0) + len(rows)

    statuses = [MemberStatus.ACTIVE] * 18 + [MemberStatus.LEFT, MemberStatus.RETIRED]
    n = 0
    for chunk in range(0, len(unions), 1000):  # a thousand unions at a time keeps memory flat
        part = unions[chunk : chunk + 1000]
        members = []
        for org_id in part:
            for _ in range(members_n):
                n += 1
                joined = date(rng.randint(1995, year), rng.randint(1, 12), 1) if rng.random() > 0.05 else None
                if joined and joined > today:
                    joined = date(year, 1, 1)
                members.append(
                    Member(org_id=org_id, name=f"会员{n}", gender="M", id_number=f"{n:017d}X",
                           status=rng.choice(statuses), join_date=joined, name_pinyin=f"huiyuan{n}")
                )  # fmt: skip
        put(Member, members)
        by_org: dict[int, list] = {}
        for m in members:
            by_org.setdefault(m.org_id, []).append(m)
        payments, activities, attendances, visits, cases, aid, plans, items = [], [], [], [], [], [], [], []
        for org_id, people in by_org.items():
            for m in people:
                if rng.random() < 0.85:
                    first = months.month_index(year, 1) + rng.randint(0, 2)
                    last = min(this, first + rng.choice([0, 2, 5, 11]))
                    payments.append(DuesPayment(org_id=org_id, member=m, first_month=first, last_month=last,
                                                amount=Decimal("30") * (last - first + 1), method="cash",
                                                paid_on=date(year, rng.randint(1, today.month), 1)))  # fmt: skip
            for a in range(3):
                start = timezone.make_aware(
                    datetime(year, rng.randint(1, today.month), rng.randint(1, 28), 9)
                )
                act = Activity(org_id=org_id, title=f"活动{a}", start=start, end=start + timedelta(hours=2),
                               category=rng.choice(Category.values), actual_cost=Decimal(rng.randint(0, 3000)))  # fmt: skip
                activities.append(act)
                for m in rng.sample(people, min(4, len(people))):
                    attendances.append(Attendance(org_id=org_id, activity=act, member=m,
                                                  attended_at=start if rng.random() < 0.8 else None))  # fmt: skip
            for m in rng.sample(people, min(2, len(people))):
                visits.append(Visit(org_id=org_id, member=m, occasion=rng.choice(Occasion.values),
                                    visited_on=date(year, rng.randint(1, today.month), 1), recorded_by=user))  # fmt: skip
            needy = people[0]
            case = HardshipCase(org_id=org_id, member=needy, income_per_head=Decimal(600), causes="illness",
                                level="deep", status=CaseStatus.ON_FILE, opened_on=date(year, 1, 2),
                                filed_on=date(year, 1, 20))  # fmt: skip
            cases.append(case)
            if rng.random() < 0.5:
                aid.append(Aid(org_id=org_id, member=needy, case=case, kind="living", amount=Decimal(1000),
                               paid_on=date(year, rng.randint(1, today.month), 1), fund_source="工会经费",
                               approved_by="主席", recorded_by=user))  # fmt: skip
            plan = Plan(org_id=org_id, year=year, title="基准计划", status=PlanStatus.CONFIRMED)
            plans.append(plan)
            for i in range(10):
                month = i + 1
                done = month < today.month and rng.random() < 0.8
                items.append(ScheduleItem(org_id=org_id, plan=plan, month=month, text=f"第{i}项",
                                          status="done" if done else "planned"))  # fmt: skip
        put(DuesPayment, payments)
        put(Activity, activities)
        put(Attendance, attendances)
        put(Visit, visits)
        put(HardshipCase, cases)
        put(Aid, aid)
        put(Plan, plans)
        put(ScheduleItem, items)
    # Rows the federations hold themselves: their own activities (attended by union members), visits, aid.
    someone = list(Member.objects.filter(status=MemberStatus.ACTIVE).values_list("pk", "org_id")[:500])
    own_acts, own_att, own_visits = [], [], []
    for fed_id in feds:
        start = timezone.make_aware(datetime(year, 1, 15, 9))
        act = Activity(org_id=fed_id, title="总工会活动", start=start, end=start, category="study",
                       actual_cost=Decimal(20000))  # fmt: skip
        own_acts.append(act)
        for member_id, org_id in rng.sample(someone, 5):
            own_att.append(Attendance(org_id=org_id, activity=act, member_id=member_id, attended_at=start))
            own_visits.append(Visit(org_id=fed_id, member_id=member_id, occasion="spring_festival",
                                    visited_on=date(year, 1, 20), recorded_by=user))  # fmt: skip
    put(Activity, own_acts)
    put(Attendance, own_att)
    put(Visit, own_visits)
    return counts


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--unions", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=30, help="members per union")
    parser.add_argument("--sample", type=int, default=100, help="unions timed on the per-union path")
    args = parser.parse_args()
    rng = random.Random(7)
    fresh_database()
    from django.db import connection

    from gonghui.metrics import registry
    from gonghui.metrics.snapshots import build_snapshots, month_end, own_orgs, recent_months
    from gonghui.orgs.models import Org, OrgKind

    today = date.today()
    started = time.perf_counter()
    counts = generate(args.unions, args.members, today, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    setup_s = time.perf_counter() - started
    print(f"set-up ({connection.vendor}): {args.unions} unions, "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" in {setup_s:.0f} s", flush=True)  # fmt: skip

    months = recent_months(today)
    keys = [m.key for m in registry.all_metrics()]
    started = time.perf_counter()
    written = build_snapshots(months=months, keys=keys)
    fast_s = time.perf_counter() - started
    print(
        f"fast: {len(keys)} metrics × {len(months)} months, {written:,} rows written in {fast_s:.1f} s",
        flush=True,
    )

    # The per-union path: what build_snapshots does for a metric without @grouped, for a sample of units.
    unions = list(Org.objects.filter(kind=OrgKind.UNION).values_list("pk", "path"))
    federations = list(Org.objects.filter(kind=OrgKind.FEDERATION).values_list("pk", "path"))
    units = unions + federations
    held = own_orgs(units)
    sample = rng.sample(unions, min(args.sample, len(unions)))
    started = time.perf_counter()
    for key in keys:
        found = registry.get(key)
        for month in months:
            for pk, _ in sample:
                found.compute(Org.objects.filter(pk__in=held[pk]), date(month.year, 1, 1), month_end(month))
    per_union_s = (time.perf_counter() - started) * len(units) / len(sample)
    print(f"per-union (sampled {len(sample)} unions, scaled to {len(units):,} units): {per_union_s:.0f} s "
          f"({len(keys) * len(months) * len(units):,} metric calls)")  # fmt: skip
    print(f"ratio per-union / fast = {per_union_s / fast_s:.0f}×")
    version = (
        connection.cursor().connection.info.server_version
        if connection.vendor == "postgresql"
        else connection.cursor().connection.execute("select sqlite_version()").fetchone()[0]
    )
    print(f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{connection.vendor} {version}")  # fmt: skip


if __name__ == "__main__":
    main()
