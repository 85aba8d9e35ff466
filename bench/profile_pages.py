"""The load scenario's pages through Django's test client, on a demo database: time and queries per page.

    SQLITE_PATH=bench/out/load/sqlite.sqlite3 python bench/profile_pages.py [--repeat 5] [--profile PATH-PART]

Uses the accounts of bench/load_setup.py (LOAD_FIXTURE, default bench/out/load_fixture.json), one of each kind,
and prints for each page: median time over --repeat requests, query count, bytes. --profile runs cProfile on
the pages whose path contains PATH-PART and prints the top functions by cumulative time. No server, no network:
this finds what to fix before a load run measures it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
os.environ.setdefault("TESTING", "true")  # plain static storage, no HTTPS redirect for the test client
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def pages(fixture):
    member, chair, staff = fixture["members"][0], fixture["chairs"][0], fixture["staff"][0]
    union = chair["org"]
    activity = fixture["open_activities"][union][0]
    member_activity = fixture["open_activities"][member["org"]][0]
    member_id = fixture["member_ids"][union][0]
    other = fixture["unions"][3]
    return [
        (member, "/"),
        (member, "/activities/"),
        (member, f"/activities/{member_activity}/"),
        (member, "/profile/"),
        (chair, "/"),
        (chair, f"/activities/org/{union}/"),
        (chair, f"/activities/{activity}/"),
        (chair, f"/activities/{activity}/roster/"),
        (chair, "/members/"),
        (chair, f"/members/{member_id}/"),
        (chair, f"/dues/{union}/"),
        (chair, f"/dues/{union}/arrears/"),
        (chair, f"/care/{union}/"),
        (chair, "/plans/"),
        (chair, f"/activities/org/{union}/new/"),
        (staff, "/"),
        (staff, "/plans/"),
        (staff, f"/plans/org/{other}/"),
        (staff, f"/dues/{staff['org']}/"),
        (staff, f"/care/{staff['org']}/"),
        (staff, f"/orgs/{staff['org']}/"),
        (staff, f"/activities/org/{staff['org']}/"),
        (staff, f"/reports/{other}/ledgers/"),
        (staff, f"/plans/org/{staff['org']}/export.xlsx"),
        (staff, f"/dues/{other}/arrears.xlsx"),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", default="", help="cProfile the pages whose path contains this")
    parser.add_argument("--profile-all", action="store_true", help="one cProfile over every page, once each")
    parser.add_argument(
        "--fixture", default=os.environ.get("LOAD_FIXTURE", str(ROOT / "bench/out/load_fixture.json"))
    )
    args = parser.parse_args()
    fixture = json.loads(Path(args.fixture).read_text(encoding="utf-8"))
    if args.profile_all:
        return profile_all(fixture)
    clients = {}
    User = get_user_model()
    print(f"{'user':<16} {'page':<58} {'median ms':>9} {'max ms':>7} {'queries':>7} {'KB':>6} status")
    for account, path in pages(fixture):
        client = clients.get(account["username"])
        if client is None:
            client = clients[account["username"]] = Client()
            client.force_login(User.objects.get(username=account["username"]))
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path, follow=True)
                times.append((time.perf_counter() - started) * 1000)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        print(
            f"{account['username']:<16} {path[:58]:<58} {statistics.median(times):9.0f} {max(times):7.0f} "
            f"{len(queries):7d} {len(body) / 1024:6.0f} {response.status_code}"
            + (f" -> {response.redirect_chain[-1][0]}" if response.redirect_chain else "")
        )
        if args.profile and args.profile in path:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(path, follow=True)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
            print(out.getvalue())


def profile_all(fixture):
    """Where the scenario's time goes across all its pages: what every page pays (middleware, layout)
    shows at the top."""
    User = get_user_model()
    clients = {}
    for account, _ in pages(fixture):
        if account["username"] not in clients:
            clients[account["username"]] = Client()
            clients[account["username"]].force_login(User.objects.get(username=account["username"]))
    for account, path in pages(fixture):  # warm caches and connections
        clients[account["username"]].get(path, follow=True)
    profiler = cProfile.Profile()
    profiler.enable()
    for account, path in pages(fixture):
        clients[account["username"]].get(path, follow=True)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(60)
        print(out.getvalue())


if __name__ == "__main__":
    main()
