"""Roster page at scale: filter + name search over 1,000,000 members, and the roster export.

    python bench/bench_members_roster.py                       # 1M members, PostgreSQL and SQLite
    python bench/bench_members_roster.py --members 100000 --db sqlite
    python bench/bench_members_roster.py --reuse               # keep the loaded database from last time

Loads N generated members (valid rows of bench/gen_roster.py, spread over 50 unions of one
federation) straight through the importer's insert path, then, as a federation admin working
in the federation (so the whole million is in scope):

- roster page: median server time of 20 GETs of /members/ for each query below (Django's test
  client in-process: URL routing, middleware, access scope, keyset page, template), with the
  database's query plan for the page query;
- export: the whole roster to .xlsx through the export task's writer (constant memory), with
  time and peak memory of that process.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.members_setup import (  # noqa: E402
    OUT,
    TreePeak,
    database_env,
    fresh_database,
    machine,
    run_child,
    setup_django,
)

UNIONS = 50
QUERIES = [
    ("status=active&q=王", "在会 + 姓名前缀“王”"),
    ("status=active&q=王芳", "在会 + 姓名“王芳”"),
    ("gender=F&q=zs", "女 + 拼音首字母 zs"),
    ("employment_type=contract&q=zhang", "合同制 + 全拼 zhang"),
    ("q=4477", "身份证后 4 位"),
    ("status=active&age=30-39", "在会 + 30–39 岁（无搜索）"),
    ("joined=2019&q=li", "2019 年入会 + 拼音 li"),
]


def load(members: int) -> None:
    from bench.gen_roster import HEADERS, generate
    from gonghui.members import roster
    from gonghui.members.importer import insert_rows
    from gonghui.members.models import Member
    from gonghui.members.pinyin import search_keys
    from gonghui.orgs.models import Org, OrgKind, Role, RoleAssignment

    fed = Org.objects.add_root({"code": "bench-fed", "name": "基准测试总工会", "kind": OrgKind.FEDERATION})
    unions = [
        Org.objects.add_child(
            fed, {"code": f"bench-u{i:02d}", "name": f"基准第{i}工会", "kind": OrgKind.UNION}
        )
        for i in range(UNIONS)
    ]
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_user("bench_admin", password="x")
    RoleAssignment.objects.create(user=admin, org=fed, role=Role.FEDERATION_ADMIN)
    columns = {roster.guess_field(h): i for i, h in enumerate(HEADERS) if roster.guess_field(h)}
    header_of = {f: HEADERS[i] for f, i in columns.items()}
    normalisers = roster.file_normalisers()
    today = roster.dt.date.today()
    batch, n = [], 0
    from django.db import transaction

    started = time.perf_counter()
    with transaction.atomic():
        for cells, _ in generate(members, seed=11, bad_rate=0.0):
            result = roster.validate_row(
                n, {f: cells[i] for f, i in columns.items()}, header_of, today, normalisers
            )
            data = result.data
            data.pop("group", None)
            data.setdefault("status", "active")
            data["org_id"] = unions[n % UNIONS].pk
            data["name_initials"], data["name_pinyin"] = search_keys(data["name"])
            data["id_number_reversed"] = data["id_number"][::-1]
            batch.append(data)
            n += 1
            if len(batch) == 10_000:
                insert_rows(Member, batch)
                batch = []
        if batch:
            insert_rows(Member, batch)
    print(f"loaded {n} members in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    from django.db import connection

    with connection.cursor() as cursor:
        # VACUUM too on PostgreSQL: the first read of a freshly loaded row sets its hint bits and
        # dirties its page, which made the first export after a load ~50% slower than later ones;
        # a table in use has been through autovacuum
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def child_page(members: int, reuse: bool) -> dict:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.members.models import Member

    if not (reuse and Member.objects.exists()):
        load(members)
    total = Member.objects.count()
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_admin"))
    results = []
    for query, label in QUERIES:
        times, cpu = [], []
        for _ in range(21):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(f"/members/?{query}")
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, response.status_code
        rows = len(re.findall(rb'href="/members/[0-9a-f-]{36}/"', response.content))
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/members/?{query}")
        page = max(
            (q for q in captured.captured_queries if "members_member" in q["sql"]),
            key=lambda q: len(q["sql"]),
        )
        page_sql = page["sql"]
        db_times = []
        with connection.cursor() as cursor:
            for _ in range(21):  # the page's own query alone: what the database spends
                started = time.perf_counter()
                cursor.execute(page_sql)
                cursor.fetchall()
                db_times.append((time.perf_counter() - started) * 1000)
            pg = connection.vendor == "postgresql"
            cursor.execute(("EXPLAIN (ANALYZE, COSTS OFF) " if pg else "EXPLAIN QUERY PLAN ") + page_sql)
            plan = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
        results.append(
            {
                "query": query,
                "label": label,
                "median_ms": round(statistics.median(times[1:]), 1),  # the first request warms caches
                "db_median_ms": round(statistics.median(db_times[1:]), 2),
                # CPU time of the web process alone: the work, without waiting for a busy machine
                "cpu_median_ms": round(statistics.median(cpu[1:]), 1),
                "max_ms": round(max(times[1:]), 1),
                "rows": rows,
                "queries": len(captured.captured_queries),
                "plan": plan,
            }
        )
    import os

    return {"members": total, "results": results, "load": [round(x, 1) for x in os.getloadavg()]}


def child_export() -> dict:
    setup_django()
    from django.contrib.auth import get_user_model

    from gonghui.members.export import write_roster
    from gonghui.orgs.models import Org

    user = get_user_model().objects.get(username="bench_admin")
    fed = Org.objects.get(code="bench-fed")
    OUT.mkdir(parents=True, exist_ok=True)  # bench/out is git-ignored, so a fresh clone lacks it
    path = OUT / "roster_export.xlsx"
    with TreePeak() as memory:  # the workbook is written by a second process
        started = time.perf_counter()
        rows = write_roster(str(path), user=user, org=fed, params={})
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows": rows,
        "mb": round(path.stat().st_size / 1e6, 1),
        "tree_peak_mb": memory.mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--db", default="postgres,sqlite")
    parser.add_argument("--reuse", action="store_true", help="keep the database loaded by an earlier run")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--child", nargs="*")
    args = parser.parse_args()
    if args.child:
        kind = args.child[0]
        out = child_page(int(args.child[1]), args.child[2] == "1") if kind == "page" else child_export()
        print(json.dumps(out, ensure_ascii=False))
        return
    print(f"machine: {machine()}")
    summary = {}
    for db in args.db.split(","):
        name = f"roster_{args.members}"
        if not args.reuse:
            fresh_database(db, name)
        page = run_child(
            Path(__file__), ["page", str(args.members), "1" if args.reuse else "0"], database_env(db, name)
        )
        print(
            f"\n{db}: roster page over {page['members']} members, median of 20 requests: server time "
            f"(whole view in-process) and the page query alone; load average {page['load']}"
        )
        for r in page["results"]:
            print(
                f"  {r['median_ms']:7.1f} ms page ({r['cpu_median_ms']:5.1f} ms CPU), {r['db_median_ms']:6.2f} ms query"
                f" (page max {r['max_ms']:.1f})"
                f"  {r['label']:28} ?{r['query']}  [{r['rows']} rows, {r['queries']} queries]"
            )
        for r in page["results"]:
            print(f"  plan for ?{r['query']}:\n    " + r["plan"].replace("\n", "\n    "))
        summary[db] = {"page": page}
        if not args.no_export:
            export = run_child(Path(__file__), ["export"], database_env(db, name))
            print(
                f"  export: {export['rows']} rows in {export['seconds']:.1f} s "
                f"({export['rows'] / export['seconds']:.0f} rows/s), {export['mb']} MB file, peak {export['peak_mb']} MB"
                f" (with the writer process {export['tree_peak_mb']} MB)"
            )
            summary[db]["export"] = export
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
