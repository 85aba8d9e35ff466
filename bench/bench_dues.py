"""Dues collection rate for a federation of 100k+ members: Gonghui's metric vs a raw-SQL floor.

    .venv/bin/python bench/bench_dues.py [--members 120000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_dues_bench .venv/bin/python bench/bench_dues.py

Builds (once, reused on later runs) a county federation with 300 unions of 400 members each on average,
a year of payments (most paid, some in arrears, many paying several months at once, some members who
left, some who joined mid-year), then times `dues.collection_rate` for the whole federation and for one
union, median of 7 runs, against hand-written SQL returning the same two numbers.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
os.environ.setdefault("DEBUG", "true")  # a local run: no production secret needed
os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench_dues.sqlite3"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from gonghui.dues import months  # noqa: E402
from gonghui.dues.models import DuesPayment  # noqa: E402
from gonghui.members.models import Member, MemberStatus  # noqa: E402
from gonghui.metrics import registry  # noqa: E402
from gonghui.orgs.models import Org, OrgKind  # noqa: E402

YEAR = 2025
FIRST, LAST = months.month_index(YEAR, 1), months.month_index(YEAR, 12)


def build(total: int):
    fed = Org.objects.filter(code="bench-fed").first()
    if fed and Member.objects.filter(org__path__startswith=fed.path).count() >= total:
        return fed
    if fed is None:
        fed = Org.objects.add_root({"code": "bench-fed", "name": "基准县总工会", "kind": OrgKind.FEDERATION})
    rng = random.Random(1)
    unions = 300
    per = total // unions
    start = time.perf_counter()
    for u in range(unions):
        union = Org.objects.add_child(
            fed, {"code": f"bench-u{u}", "name": f"基准工会{u}", "kind": OrgKind.UNION}
        )
        fed.refresh_from_db()
        members = []
        for n in range(per):
            seq = u * per + n
            joined = date(YEAR, 1, 1) - timedelta(days=rng.randint(-300, 5000))
            status = MemberStatus.LEFT if rng.random() < 0.03 else MemberStatus.ACTIVE
            number = f"B{seq:017d}"
            members.append(
                Member(
                    org=union,
                    name=f"会员{seq}",
                    gender="M",
                    id_number=number,
                    id_number_reversed=number[::-1],
                    join_date=joined,
                    status=status,
                    member_number=f"{seq}",
                )  # fmt: skip
            )
        Member.objects.bulk_create(members, batch_size=2000)
        payments = []
        for member in members:
            first = max(FIRST, months.of_date(member.join_date))
            last = LAST if rng.random() > 0.15 else rng.randint(first - 1, LAST - 1)
            step = rng.choice([1, 1, 3, 3, 6, 12])
            while first <= last:
                end = min(first + step - 1, last)
                payments.append(
                    DuesPayment(
                        org=union,
                        member=member,
                        first_month=first,
                        last_month=end,
                        amount=30 * (end - first + 1),
                        paid_on=months.to_date(first),
                        method="payroll",
                    )  # fmt: skip
                )
                first = end + 1
        DuesPayment.objects.bulk_create(payments, batch_size=2000)
    print(f"built {unions} unions, {unions * per} members in {time.perf_counter() - start:.0f}s", flush=True)
    return fed


FLOOR_SQL = """
SELECT
  (SELECT COALESCE(SUM(CASE WHEN m.join_date IS NULL OR m.join_date < %(start)s THEN 12
                       ELSE MAX_(0, %(last)s - (CAST({year} AS INTEGER) * 12 + CAST({month} AS INTEGER) - 1) + 1) END), 0)
     FROM members_member m JOIN orgs_org o ON o.id = m.org_id
    WHERE o.path LIKE %(prefix)s AND m.status = 'active'),
  (SELECT COALESCE(SUM(MIN_(p.last_month, %(last)s)
                       - MAX_(p.first_month, %(first)s,
                              COALESCE(CAST({pyear} AS INTEGER) * 12 + CAST({pmonth} AS INTEGER) - 1, 0)) + 1), 0)
     FROM dues_duespayment p JOIN members_member m ON m.id = p.member_id JOIN orgs_org o ON o.id = m.org_id
    WHERE o.path LIKE %(prefix)s AND m.status = 'active' AND p.first_month <= %(last)s AND p.last_month >= %(first)s)
"""


def floor_sql() -> str:
    if connection.vendor == "postgresql":
        parts = {"year": "EXTRACT(YEAR FROM m.join_date)", "month": "EXTRACT(MONTH FROM m.join_date)"}
        sql = FLOOR_SQL.replace("MAX_", "GREATEST").replace("MIN_", "LEAST")
    else:
        parts = {"year": "strftime('%%Y', m.join_date)", "month": "strftime('%%m', m.join_date)"}
        sql = FLOOR_SQL.replace("MAX_", "MAX").replace("MIN_", "MIN")
    parts |= {"pyear": parts["year"], "pmonth": parts["month"]}
    return sql.format(**parts)


def floor(org):
    # Payments that start before joining are clamped at the join month as in the metric; the GREATEST
    # with the join month is the same rule written by hand.
    params = {"start": date(YEAR, 1, 1), "first": FIRST, "last": LAST, "prefix": org.path + "%"}
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(), params)
        due, paid = cursor.fetchone()
    return int(paid), int(due)


def timed(fn, runs=7):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=120_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    fed = build(args.members)
    union = Org.objects.get(code="bench-u7")
    members = Member.objects.filter(org__path__startswith=fed.path).count()
    payments = DuesPayment.objects.filter(org__path__startswith=fed.path).count()
    print(f"database: {connection.vendor}; {members} members, {payments} payments")
    for label, org in (("federation", fed), ("one union", union)):
        ours_ms, value = timed(
            lambda org=org: registry.compute(
                "dues.collection_rate", org, date(YEAR, 1, 1), date(YEAR, 12, 31)
            )
        )
        floor_ms, (paid, due) = timed(lambda org=org: floor(org))
        same = (value.numerator, value.denominator) == (paid, due)
        print(
            f"{label:>10}: metric {ours_ms:8.1f} ms  floor {floor_ms:8.1f} ms  ratio {ours_ms / floor_ms:5.2f}x  "
            f"rate {value.display()} ({value.numerator}/{value.denominator}) {'== floor' if same else f'!= floor {paid}/{due}'}"
        )


if __name__ == "__main__":
    main()
