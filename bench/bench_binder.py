"""The ledger binder (一键台帐): one union's year, and a federation's binder of N unions.

    .venv/bin/python bench/bench_binder.py                       # SQLite (var/bench_binder.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench_binder .venv/bin/python bench/bench_binder.py
    .venv/bin/python bench/bench_binder.py --unions 200          # the federation part with more unions
    ... bench_binder.py --reuse                 # time again on the previous run's database and files
    ... bench_binder.py --reuse --profile F     # also cProfile one union's binder (F) and the county's (F.county)

Builds, in a fresh database, with bulk inserts:
- one union of 500 members with a year of records: a payment a quarter per member (2,000), 40
  activities with 40 sign-ins each, a notice and two photos per activity (files on disk), 60 visits,
  6 needy households with 5 case steps and 2 aid payments each, a committed dues import, and a
  confirmed 40-item plan, 30 items done with an activity linked and 10 with an uploaded file;
- a county federation with N unions (bench_dashboard.build_tree), each with a smaller year: 60
  members, 240 payments, 12 activities (15 sign-ins, one notice each), 6 visits, a household with 2
  aid payments, a 20-item plan with 10 items done with an activity linked.

Then times, in the same run:
- ours: binder.build_binder (every registered ledger built as .xlsx, cover and plan .docx, evidence
  files copied) — for the union, as the command line does (by=None) and as its chair (by=user:
  access.scope on every query); for the federation, one folder per union.
- floor: the same rows read with one values_list query per table (no joins, no formatting) and
  written as CSV into a zip, plus the same evidence files copied in: what any binder has to read and
  write, with none of the layout.
"cpu" is this process's CPU time plus the PostgreSQL backend's that served it (read from /proc: the
server runs on this host); on a machine shared with other work it is the steadier figure, and wall
time is not. The federation figure is extrapolated to 1,000 unions linearly (the work is per union: every query is
bounded by a union's subtree and the year).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import random
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
SQLITE = ROOT / "var" / "bench_binder.sqlite3"
MEDIA = ROOT / "var" / "bench_binder_media"
YEAR = 2026


def fresh_database(reuse: bool = False):
    import shutil
    import subprocess

    url = os.environ.get("DATABASE_URL", "")
    if reuse:
        if not url.startswith("postgres"):
            os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"
    elif url.startswith("postgres"):
        dbname = url.rsplit("/", 1)[1]
        base = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", base, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=True)
        subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {dbname}"], check=True)
    else:
        SQLITE.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"
    if not reuse:
        shutil.rmtree(MEDIA, ignore_errors=True)
        MEDIA.mkdir(parents=True)
    os.environ.update(
        SECRET_KEY="bench-only-not-secret",
        TESTING="true",
        DJANGO_SETTINGS_MODULE="gonghui.settings",
        MEDIA_ROOT=str(MEDIA),
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _file(path: str, size: int, rng: random.Random) -> str:
    """A file of `size` random bytes under MEDIA (random: a photo does not compress)."""
    target = MEDIA / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(rng.randbytes(size))
    return path


def union_year(org, *, members_n, payments_per_member, activities_n, signins, photos, visits_n, cases_n,
               items_n, linked_n, uploaded_n, user, rng) -> dict[str, int]:  # fmt: skip
    """A year of one union's records, written with bulk_create; returns rows per table."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from gonghui.activities.models import Activity, ActivityFile, ActivityPhoto, Attendance, Category
    from gonghui.care.models import Aid, CaseEvent, CaseStatus, HardshipCase, Occasion, Step, Visit
    from gonghui.dues import months
    from gonghui.dues.models import DuesImport, DuesPayment, ImportStatus
    from gonghui.members.models import Member
    from gonghui.plans.models import Evidence, Plan, PlanStatus, ScheduleItem

    counts: dict[str, int] = {}

    def put(model, rows):
        model.objects.bulk_create(rows, batch_size=2000)
        counts[model._meta.model_name] = counts.get(model._meta.model_name, 0) + len(rows)
        return rows

    tag = org.code
    people = put(Member, [
        Member(org=org, name=f"会员{tag}-{n}", gender="M" if n % 2 else "F", id_number=f"{abs(hash((tag, n))) % 10**17:017d}X",
               phone=f"139{n:08d}", join_date=date(rng.randint(1995, YEAR - 1), rng.randint(1, 12), 1),
               name_pinyin=f"huiyuan{tag}{n:05d}", name_initials="hy", member_number=f"{tag}-{n}")
        for n in range(members_n)
    ])  # fmt: skip
    step = 12 // payments_per_member
    put(DuesPayment, [
        DuesPayment(org=org, member=m, first_month=months.month_index(YEAR, q * step + 1),
                    last_month=months.month_index(YEAR, q * step + step), amount=Decimal(30 * step),
                    paid_on=date(YEAR, q * step + 1, 10), method="cash")
        for m in people for q in range(payments_per_member)
    ])  # fmt: skip
    batch = DuesImport(org=org, filename="会费.xlsx", status=ImportStatus.COMMITTED, counts={"created": len(people)},
                       committed_at=timezone.make_aware(datetime(YEAR, 1, 12, 10)),
                       file=_file(f"dues/{tag}.xlsx", 20_000, rng))  # fmt: skip
    put(DuesImport, [batch])
    activities = []
    for a in range(activities_n):
        start = timezone.make_aware(datetime(YEAR, a % 12 + 1, rng.randint(1, 28), 9))
        activities.append(Activity(org=org, title=f"{tag}活动{a}", start=start, end=start + timedelta(hours=2),
                                   place="职工之家", category=rng.choice(Category.values),
                                   actual_cost=Decimal(rng.randint(0, 3000))))  # fmt: skip
    put(Activity, activities)
    put(Attendance, [
        Attendance(org=org, activity=act, member=m, attended_at=act.start if rng.random() < 0.8 else None)
        for act in activities for m in rng.sample(people, min(signins, len(people)))
    ])  # fmt: skip
    put(ActivityFile, [
        ActivityFile(org=org, activity=act, name="活动通知.pdf", file=_file(f"acts/{act.pk}/notice.pdf", 30_000, rng))
        for act in activities
    ])  # fmt: skip
    put(ActivityPhoto, [
        ActivityPhoto(org=org, activity=act, image=_file(f"acts/{act.pk}/p{p}.jpg", 100_000, rng))
        for act in activities for p in range(photos)
    ])  # fmt: skip
    put(Visit, [
        Visit(org=org, member=rng.choice(people), occasion=rng.choice(Occasion.values),
              visited_on=date(YEAR, v % 12 + 1, rng.randint(1, 28)), recorded_by=user, money=Decimal(300))
        for v in range(visits_n)
    ])  # fmt: skip
    cases = put(HardshipCase, [
        HardshipCase(org=org, member=people[c], income_per_head=Decimal(600), causes="illness", level="deep",
                     status=CaseStatus.ON_FILE, opened_on=date(YEAR, 1, 2), filed_on=date(YEAR, 1, 20))
        for c in range(cases_n)
    ])  # fmt: skip
    put(CaseEvent, [
        CaseEvent(org=org, case=case, step=s, status_after=CaseStatus.ON_FILE, by=user,
                  at=timezone.make_aware(datetime(YEAR, 1, 2 + i, 10)))
        for case in cases for i, s in enumerate([Step.OPEN, Step.CHECK, Step.HOME_VISIT, Step.COMMITTEE, Step.FILE][:5])
    ])  # fmt: skip
    put(Aid, [
        Aid(org=org, member=case.member, case=case, kind="living", amount=Decimal(1000), paid_on=date(YEAR, 2 + k * 6, 1),
            fund_source="工会经费", approved_by="主席", recorded_by=user)
        for case in cases for k in range(2)
    ])  # fmt: skip
    plan = put(Plan, [Plan(org=org, year=YEAR, title=f"{YEAR}年工作计划", status=PlanStatus.CONFIRMED)])[0]
    items = put(ScheduleItem, [
        ScheduleItem(org=org, plan=plan, month=i % 12 + 1, text=f"第{i}项工作", order=i,
                     status="done" if i < linked_n + uploaded_n else "planned")
        for i in range(items_n)
    ])  # fmt: skip
    activity_type = ContentType.objects.get_for_model(Activity)
    put(Evidence, [
        Evidence(org=org, item=items[i], evidence_key="activities.activity", content_type=activity_type,
                 object_id=str(activities[i % len(activities)].pk), added_by=user)
        for i in range(linked_n)
    ] + [
        Evidence(org=org, item=items[linked_n + i], file=_file(f"plans/{tag}/{i}.jpg", 80_000, rng), added_by=user)
        for i in range(uploaded_n)
    ])  # fmt: skip
    return counts


# ---- the floor: the same rows, raw, into a zip


def floor_binder(orgs, out: Path) -> int:
    """One values_list per table over the same rows, as CSV into a zip, plus the same files; returns rows."""
    from gonghui.activities.models import Activity, ActivityFile, ActivityPhoto, Attendance
    from gonghui.care.models import Aid, HardshipCase, Visit
    from gonghui.dues.models import DuesPayment
    from gonghui.members.models import Member
    from gonghui.plans.models import Evidence, ScheduleItem

    tables = [
        Activity.objects.filter(org__in=orgs, start__year=YEAR),
        Attendance.objects.filter(org__in=orgs, activity__start__year=YEAR),
        DuesPayment.objects.filter(org__in=orgs, paid_on__year=YEAR),
        Visit.objects.filter(org__in=orgs, visited_on__year=YEAR),
        HardshipCase.objects.filter(org__in=orgs),
        Aid.objects.filter(org__in=orgs, paid_on__year=YEAR),
        Member.objects.filter(org__in=orgs, status="active"),
        ScheduleItem.objects.filter(org__in=orgs, plan__year=YEAR),
    ]
    rows = 0
    with zipfile.ZipFile(out, "w") as zf:
        for query in tables:
            text = io.StringIO()
            writer = csv.writer(text)
            for row in query.values_list().iterator(chunk_size=5000):
                writer.writerow(row)
                rows += 1
            zf.writestr(f"{query.model._meta.model_name}.csv", text.getvalue())
        files = [
            *ActivityFile.objects.filter(org__in=orgs, activity__start__year=YEAR).values_list(
                "file", flat=True
            ),
            *ActivityPhoto.objects.filter(org__in=orgs, activity__start__year=YEAR).values_list(
                "image", flat=True
            ),
            *Evidence.objects.filter(org__in=orgs).exclude(file="").values_list("file", flat=True),
        ]
        for n, name in enumerate(files):
            zf.write(MEDIA / name, f"files/{n}-{Path(name).name}")
    return rows


def server_cpu() -> float:
    """CPU seconds the database server has spent for this connection so far: the PostgreSQL
    backend's user + system time from /proc (the server runs on this host); 0 on SQLite, whose work
    is in our own process already."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(function):
    """(wall seconds, CPU seconds, value). CPU is this process's own plus the PostgreSQL backend's
    serving it (both on this host): on a shared machine the CPU figure is the steadier one."""
    started, cpu, db = time.perf_counter(), time.process_time(), server_cpu()
    value = function()
    return time.perf_counter() - started, time.process_time() - cpu + server_cpu() - db, value


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--unions", type=int, default=50, help="unions in the federation's binder")
    parser.add_argument("--members", type=int, default=500, help="members of the single union")
    parser.add_argument(
        "--reuse", action="store_true", help="time again on the database and files of the previous run"
    )
    parser.add_argument("--profile", metavar="FILE", help="also cProfile one union's binder into FILE")
    args = parser.parse_args()
    rng = random.Random(13)
    fresh_database(reuse=args.reuse)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from bench.bench_dashboard import build_tree
    from gonghui.orgs.models import Org, OrgKind, Role, RoleAssignment
    from gonghui.reports import binder

    if args.reuse:
        county = Org.objects.get(code="bench-county")
        unions = list(Org.objects.filter(kind=OrgKind.UNION).order_by("path"))
        big, chair = unions[0], get_user_model().objects.get(username="bench-chair")
        print(f"reusing the previous run's data ({connection.vendor}): {len(unions)} unions", flush=True)
    else:
        user = get_user_model().objects.create(username="bench")
        build_tree(args.unions)
        county = Org.objects.get(code="bench-county")
        unions = list(Org.objects.filter(kind=OrgKind.UNION).order_by("path"))
        started = time.perf_counter()
        big = unions[0]
        big_counts = union_year(big, members_n=args.members, payments_per_member=4, activities_n=40, signins=40, photos=2,
                                visits_n=60, cases_n=6, items_n=40, linked_n=30, uploaded_n=10, user=user, rng=rng)  # fmt: skip
        for union in unions[1:]:
            union_year(union, members_n=60, payments_per_member=4, activities_n=12, signins=15, photos=0,
                       visits_n=6, cases_n=1, items_n=20, linked_n=10, uploaded_n=0, user=user, rng=rng)  # fmt: skip
        chair = get_user_model().objects.create(username="bench-chair")
        RoleAssignment.objects.create(user=chair, org=big, role=Role.UNION_CHAIR)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"set-up ({connection.vendor}): {len(unions)} unions in {time.perf_counter() - started:.0f} s; the big union: "
              + ", ".join(f"{v:,} {k}" for k, v in big_counts.items()), flush=True)  # fmt: skip
    if args.profile:  # one union's binder into FILE, the county's into FILE.county
        import cProfile

        with tempfile.TemporaryDirectory() as folder:
            for org, name in ((big, args.profile), (county, f"{args.profile}.county")):
                out = Path(folder) / "p.zip"
                cProfile.runctx(
                    "binder.build_binder(org=org, year=YEAR, out=out)",
                    globals(), {"binder": binder, "org": org, "out": out}, name,
                )  # fmt: skip
        print(f"profiles in {args.profile} (one union) and {args.profile}.county", flush=True)

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        floor_s, floor_cpu, floor_rows = timed(lambda: floor_binder(big.subtree(), out / "floor.zip"))
        ours_s, ours_cpu, summaries = timed(
            lambda: binder.build_binder(org=big, year=YEAR, out=out / "ours.zip")
        )
        chair_s, chair_cpu, _ = timed(
            lambda: binder.build_binder(org=big, year=YEAR, out=out / "chair.zip", by=chair)
        )
        size = (out / "ours.zip").stat().st_size
        print(f"one union ({args.members} members, {floor_rows:,} rows, {summaries[0]['evidence_files']} files, "
              f"{size / 1e6:.1f} MB): floor {floor_s:.2f} s (cpu {floor_cpu:.2f}), ours {ours_s:.2f} s (cpu {ours_cpu:.2f}), "
              f"as its chair {chair_s:.2f} s (cpu {chair_cpu:.2f}); ours/floor {ours_s / floor_s:.1f}× wall, "
              f"{ours_cpu / floor_cpu:.1f}× cpu", flush=True)  # fmt: skip

        small = unions[1:]
        fed_floor_s, fed_floor_cpu, fed_rows = timed(
            lambda: sum(floor_binder(u.subtree(), out / f"f-{u.code}.zip") for u in small)
        )
        for u in small:
            (out / f"f-{u.code}.zip").unlink()
        fed_s, fed_cpu, fed_summaries = timed(
            lambda: binder.build_binder(org=county, year=YEAR, out=out / "fed.zip")
        )
        # the county's binder holds the big union too: take its own time out to get the small unions' rate
        per_union, per_union_cpu = (fed_s - ours_s) / len(small), (fed_cpu - ours_cpu) / len(small)
        per_floor, per_floor_cpu = fed_floor_s / len(small), fed_floor_cpu / len(small)
        print(f"federation ({len(unions)} unions + {len(fed_summaries) - len(unions)} federation folders, "
              f"{(out / 'fed.zip').stat().st_size / 1e6:.1f} MB): ours {fed_s:.1f} s (cpu {fed_cpu:.1f}); per small "
              f"union ({fed_rows // len(small):,} rows) ours {per_union * 1000:.0f} ms (cpu {per_union_cpu * 1000:.0f}), "
              f"floor {per_floor * 1000:.0f} ms (cpu {per_floor_cpu * 1000:.0f}); 1,000 unions ≈ ours "
              f"{per_union * 1000 / 60:.1f} min wall / {per_union_cpu * 1000 / 60:.1f} min cpu, floor "
              f"{per_floor * 1000 / 60:.1f} min wall / {per_floor_cpu * 1000 / 60:.1f} min cpu", flush=True)  # fmt: skip
    version = (
        connection.cursor().connection.info.server_version
        if connection.vendor == "postgresql"
        else connection.cursor().connection.execute("select sqlite_version()").fetchone()[0]
    )
    print(f"machine: {platform.node()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()}, {connection.vendor} {version}")  # fmt: skip


if __name__ == "__main__":
    main()
