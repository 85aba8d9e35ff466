"""A 1,000-delegate congress: 1,000 secret ballots cast concurrently through the API, then the results page.

    python bench/bench_democracy.py                    # PostgreSQL (BENCH_PG_URL), 1,000 delegates, 4 worker processes
    python bench/bench_democracy.py --delegates 200    # a quick run

Builds, in a fresh database, one union with a 职代会 of N seated delegates (each a member with a login),
all checked in, and an open electronic vote. Then measures:

- ballots: every delegate POSTs `/api/democracy/votes/{id}/ballot` through Django's test client (the whole
  stack: middleware, session auth, ninja, access, the service's transaction), from `--workers` processes
  at once (forked after setup, each with its own database connection and one test client, as a server's
  workers would be: the middleware chain is built once per process, not per ballot). Total wall time,
  ballots/s, the workers' CPU time per ballot, and the counts checked exact (N receipts, the counters
  summing to N, each option's count as sent).
- floor: the same N increments as bare SQL (one UPDATE of the counters + one INSERT of the receipt per
  ballot, in its own transaction) from the same number of threads: what the database alone needs.
- results page: the closed vote's page (`democracy:vote`) for the chair, median of 20.
Targets (issue 14): ballots < 10 s for 1,000; results page < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/gh_bench_democracy")


def fresh_database():
    dbname = PG_URL.rsplit("/", 1)[1]
    base = PG_URL.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", base, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=True)
    subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {dbname}"], check=True)


def setup_django():
    os.environ.update(
        DATABASE_URL=PG_URL,
        SECRET_KEY="bench-only-not-secret",
        TESTING="true",
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="gonghui.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(n):
    from django.contrib.auth import get_user_model

    from gonghui.democracy import services
    from gonghui.democracy.models import CheckIn, Congress, Delegate
    from gonghui.members.models import Member
    from gonghui.orgs.models import Org, OrgKind, Role, RoleAssignment

    warnings.simplefilter("ignore", DeprecationWarning)
    fed = Org.objects.add_root({"code": "bench-fed", "name": "基准县总工会", "kind": OrgKind.FEDERATION})
    union = Org.objects.add_child(
        fed, {"code": "bench-union", "name": "基准企业工会", "kind": OrgKind.UNION, "employee_count": n * 10}
    )
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"delegate{i}", password="!") for i in range(n)])
    chair = User.objects.create(username="bench-chair", password="!")
    RoleAssignment.objects.create(user=chair, org=union, role=Role.UNION_CHAIR)
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, org=union, role=Role.MEMBER) for u in users])
    members = []
    for i, user in enumerate(users):
        member = Member(org=union, name=f"代表{i}", gender="M", id_number=f"11010119800101{i:04d}", user=user)
        member.set_search_keys()
        members.append(member)
    Member.objects.bulk_create(members)
    congress = Congress.objects.create(
        org=union, kind="workers", term_number=1, starts_on=date(2024, 1, 1), ends_on=date(2028, 12, 31)
    )
    today = date.today()
    delegates = Delegate.objects.bulk_create(
        [Delegate(org=union, congress=congress, member=m, category="frontline", elected_on=date(2024, 1, 1))
         for m in members]
    )  # fmt: skip
    session = services.create_session(congress=congress, held_on=today, by=chair)
    CheckIn.objects.bulk_create(
        [CheckIn(org=union, session=session, delegate=d, recorded_by=chair) for d in delegates]
    )
    item = services.add_agenda_item(session=session, title="审议《基准方案》")
    vote = services.create_vote(item=item)
    services.open_vote(vote=vote, by=chair)
    return vote, users, chair


def _cast_part(args):
    """In a worker process: one share of the delegates, each POSTing with their own session cookie.
    One client per process, as a server worker builds its middleware chain once: a fresh Client per
    ballot rebuilt it every time (WhiteNoise alone indexes every static file, ~80 ms a ballot)."""
    from django.db import connections
    from django.test import Client

    url, part = args
    codes = []
    client = Client()
    cpu = time.process_time()
    for cookie, option in part:
        client.cookies["sessionid"] = cookie
        codes.append(client.post(url, {"option_id": option}, content_type="application/json").status_code)
    cpu = time.process_time() - cpu
    connections.close_all()
    return codes, cpu


def cast_all(vote, users, workers):
    """Ballots from `workers` processes at once (forked after setup, like a server's workers)."""
    import multiprocessing

    from django.db import connections
    from django.test import Client

    options = [str(o.pk) for o in vote.option_rows()]
    cookies = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    url = f"/api/democracy/votes/{vote.pk}/ballot"
    ballots = [(cookie, options[i % 3]) for i, cookie in enumerate(cookies)]
    parts = [(url, ballots[k::workers]) for k in range(workers)]
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        started = time.perf_counter()
        results = pool.map(_cast_part, parts)
        seconds = time.perf_counter() - started
    codes = [code for chunk, _ in results for code in chunk]
    return seconds, codes, sum(cpu for _, cpu in results)


def floor(vote, n, threads):
    """Bare SQL: the same increment + receipt per ballot, one transaction each, same concurrency."""
    from django.db import connection, connections, transaction

    from gonghui.democracy.models import Delegate

    delegates = list(Delegate.objects.values_list("pk", flat=True)[:n])
    table = "bench_floor_receipt"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {table} (id uuid primary key, vote_id uuid, delegate_id uuid, UNIQUE (vote_id, delegate_id))"
        )
        cursor.execute("CREATE TABLE bench_floor_counter (vote_id uuid, position int, count int)")
        cursor.execute(
            "INSERT INTO bench_floor_counter VALUES (%s, 0, 0), (%s, 1, 0), (%s, 2, 0)", [vote.pk] * 3
        )

    def one(i):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} VALUES (%s, %s, %s)", [uuid.uuid4(), vote.pk, delegates[i]]
                )
                cursor.execute(
                    "UPDATE bench_floor_counter SET count = count + CASE WHEN position = %s THEN 1 ELSE 0 END "
                    "WHERE vote_id = %s",
                    [i % 3, vote.pk],
                )
        finally:
            connections.close_all()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, range(n)))
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--delegates", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4, help="processes casting ballots at once")
    args = parser.parse_args()
    fresh_database()
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from gonghui.democracy import services

    n = args.delegates
    vote, users, chair = build(n)
    seconds, codes, cpu = cast_all(vote, users, args.workers)
    assert codes.count(201) == n, f"{codes.count(201)} of {n} ballots accepted: {set(codes)}"
    counts = [o.count for o in vote.option_rows()]
    expected = [len(range(k, n, 3)) for k in range(3)]
    assert counts == expected and vote.receipts.count() == n, (counts, expected)
    vote = services.close_vote(vote=vote, by=chair)
    assert vote.ballots_cast == n
    floor_seconds = floor(vote, n, args.workers)
    client = Client()
    client.force_login(chair)
    url = reverse("democracy:vote", args=[vote.pk])
    assert client.get(url).status_code == 200
    times = []
    for _ in range(20):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    page_ms = statistics.median(times)
    print(f"delegates {n}, workers {args.workers} (processes; the floor uses as many threads)")
    print(
        f"ballots through the API: {seconds:.2f} s ({n / seconds:.0f}/s), counts exact {counts}  [target < 10 s]"
    )
    print(
        f"  CPU in the worker processes: {cpu * 1000 / n:.1f} ms a ballot (less sensitive to load than wall time)"
    )
    print(
        f"floor (bare SQL, same concurrency): {floor_seconds:.2f} s ({n / floor_seconds:.0f}/s), ours/floor {seconds / floor_seconds:.1f}×"
    )
    print(f"results page (median of 20): {page_ms:.1f} ms  [target < 100 ms]")


if __name__ == "__main__":
    main()
