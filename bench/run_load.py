"""The load run in one command (`make bench-load`): a county federation's working day against gunicorn.

    .venv/bin/python bench/run_load.py [--db sqlite|postgres|both] [--users 200] [--duration 300]
                                       [--spawn-rate 2] [--workers 8] [--threads 2] [--reuse]

For each database: a fresh demo database (migrate, `manage.py demo`, bench/load_setup.py's accounts), the
collected static files, then gunicorn in production mode (DEBUG off, a real secret key, Argon2, WhiteNoise's
manifest; plain HTTP on 127.0.0.1 as behind a TLS proxy) with the task worker beside it, as bin/run serves the
app (8 workers × 2 threads, the README's production deployment). locust runs bench/locustfile.py headless against it; the ramp (users / spawn rate, when everyone logs in)
is left out of the figures: the locustfile resets its statistics once all users are in (the ramp's own figures,
the logins among them, go to bench/out/load/ramp-DB.json and are printed too).
Prints throughput, p50/p95/p99, errors, and the CPU share of the server (gunicorn and the worker; PostgreSQL's
backends for this database too), of locust, and of everything else on the machine, against the goals:
25 requests/s sustained, p95 < 300 ms, p99 < 800 ms, 0 errors. Results go to bench/out/load/.

PostgreSQL: BENCH_LOAD_PG_URL (default postgres://postgres@127.0.0.1:5432/gh_bench_load), dropped and created.
--reuse keeps a database already built by an earlier run (the demo takes about half a minute).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "load"
PY = sys.executable
PG_URL = os.environ.get("BENCH_LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/gh_bench_load")
GOALS = {"rps": 25.0, "p95": 300, "p99": 800}


def server_env(db: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TESTING", "GONGHUI_LOCAL", "DEBUG")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="gonghui.settings",
        PYTHONPATH=str(ROOT),
        DEBUG="false",
        SECRET_KEY="bench-load-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # no TLS proxy in front here: plain HTTP, as bin/prod-check serves it
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        MEDIA_ROOT=str(OUT / f"media-{db}"),
        STATIC_ROOT=str(OUT / "static"),
        GONGHUI_BACKUP_DIR=str(OUT / "backups"),
    )
    if db == "postgres":
        env["DATABASE_URL"] = PG_URL
    else:
        env["SQLITE_PATH"] = str(OUT / "sqlite.sqlite3")
    return env


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def fresh_database(db: str, env) -> None:
    if db == "postgres":
        import psycopg

        admin_url, name = PG_URL.rsplit("/", 1)
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
    shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)


def prepare(db: str, env, reuse: bool) -> Path:
    fixture = OUT / f"fixture-{db}.json"
    if not (reuse and fixture.exists()):
        print(f"[{db}] fresh demo database …", flush=True)
        fresh_database(db, env)
        manage(env, "migrate", "--noinput", "-v", "0")
        subprocess.run([PY, "manage.py", "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([PY, str(HERE / "load_setup.py"), str(fixture)], cwd=ROOT, env=env, check=True)
    # Every run: a static file added since the last one is missing from an old manifest, and with
    # DEBUG off the first page that names it answers 500.
    manage(env, "collectstatic", "--noinput", "-v", "0")
    return fixture


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds=120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


class CpuMeter:
    """CPU seconds (user + system) a set of process trees spent in the window, process by process:
    one that ends in the window keeps what it spent until it was last seen (a database connection
    closed and reopened, a gunicorn thread's), one born in it counts from zero."""

    def __init__(self):
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.started = False

    def sample(self, pids) -> None:
        procs = {}
        for pid in pids:
            try:
                proc = psutil.Process(pid)
                for p in [proc, *proc.children(recursive=True)]:
                    procs[p.pid] = p
            except psutil.NoSuchProcess:
                continue
        for pid, p in procs.items():
            try:
                t = p.cpu_times()
            except psutil.NoSuchProcess:
                continue
            self.first.setdefault(pid, t.user + t.system if not self.started else 0.0)
            self.last[pid] = t.user + t.system
        self.started = True

    @property
    def seconds(self) -> float:
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


def pg_backends() -> list[int]:
    import psycopg

    admin_url, name = PG_URL.rsplit("/", 1)
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [name]).fetchall()
    return [r[0] for r in rows]


def _ms(text: str) -> float:
    """A locust percentile column: N/A (no request in the window) reads as 0."""
    try:
        return float(text)
    except ValueError:
        return 0.0


def machine_busy() -> float:
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + t.irq + t.softirq + getattr(t, "steal", 0.0)


def run(db: str, args) -> dict:
    env = server_env(db)
    fixture = prepare(db, env, args.reuse)
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    log = (OUT / f"gunicorn-{db}.log").open("w")  # closed in the finally below
    locust_log = (OUT / f"locust-{db}.log").open("w")
    web = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "gonghui.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [PY, "manage.py", "worker"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(f"{host}/login/")
        ramp = args.users / args.spawn_rate
        prefix = OUT / f"locust-{db}"
        marker = OUT / f"measuring-{db}"
        marker.unlink(missing_ok=True)
        locust_env = {
            **os.environ,
            "LOAD_FIXTURE": str(fixture),
            "LOAD_MARKER": str(marker),
            "LOAD_RAMP_OUT": str(OUT / f"ramp-{db}.json"),
            "LOAD_MEASURE_SECONDS": str(args.duration),
        }
        print(
            f"[{db}] gunicorn gthread {args.workers}×{args.threads} on :{port}; locust {args.users} users, "
            f"ramp {ramp:.0f} s (measuring starts when all have logged in), then {args.duration} s measured",
            flush=True,
        )
        locust = subprocess.Popen(
            [
                str(Path(PY).parent / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                # a safety stop only: the locustfile stops itself args.duration after the last login
                "--run-time",
                f"{int(ramp * 3 + args.duration + 300)}s",
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=locust_env,
            stdout=locust_log,
            stderr=subprocess.STDOUT,
        )
        while not marker.exists():
            if locust.poll() is not None:
                raise SystemExit(f"locust stopped before every user had logged in: see {locust_log.name}")
            time.sleep(0.2)
        meters = {"server": CpuMeter(), "database": CpuMeter(), "locust": CpuMeter()}

        def sample():
            meters["server"].sample([web.pid, worker.pid])
            meters["locust"].sample([locust.pid])
            if db == "postgres":  # this database's backends, those opened in the window too
                meters["database"].sample(pg_backends())

        sample()
        started, busy_at_start, loads = time.monotonic(), machine_busy(), [os.getloadavg()[0]]
        ended, busy_at_end = started, busy_at_start
        while locust.poll() is None:
            time.sleep(1)
            sample()
            ended, busy_at_end = time.monotonic(), machine_busy()
            loads.append(os.getloadavg()[0])
        wall = max(ended - started, 1e-3)
        cores = psutil.cpu_count()
        share = {name: meter.seconds / wall / cores for name, meter in meters.items()}
        share["machine"] = (busy_at_end - busy_at_start) / wall / cores
        share["others"] = max(share["machine"] - share["server"] - share["database"] - share["locust"], 0.0)
    finally:
        for proc in (web, worker):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in (web, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()
        locust_log.close()
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text(encoding="utf-8").splitlines()))
    agg = next(r for r in rows if r["Name"] == "Aggregated")
    result = {
        "db": db,
        "users": args.users,
        "duration_s": round(wall),
        "workers": args.workers,
        "threads": args.threads,
        "requests": int(agg["Request Count"]),
        "failures": int(agg["Failure Count"]),
        "rps": float(agg["Requests/s"]),
        "p50": _ms(agg["50%"]),
        "p95": _ms(agg["95%"]),
        "p99": _ms(agg["99%"]),
        "max": _ms(agg["Max Response Time"]),
        "cpu_share": {k: round(v, 3) for k, v in share.items()},
        # what one request costs the server (and its database), whatever the neighbours take
        "cpu_ms_per_request": round(
            (share["server"] + share["database"]) * cores * wall * 1000 / max(int(agg["Request Count"]), 1), 1
        ),
        "load_average": [round(min(loads), 1), round(max(loads), 1)],
        "pages": [
            {
                "name": r["Name"],
                "type": r["Type"],
                "count": int(r["Request Count"]),
                "failures": int(r["Failure Count"]),
                "p50": _ms(r["50%"]),
                "p95": _ms(r["95%"]),
                "p99": _ms(r["99%"]),
            }
            for r in rows
            if r["Name"] != "Aggregated"
        ],
    }
    ramp_file = OUT / f"ramp-{db}.json"
    result["ramp"] = json.loads(ramp_file.read_text(encoding="utf-8")) if ramp_file.exists() else {}
    (OUT / f"result-{db}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return result


def report(r: dict) -> None:
    c = r["cpu_share"]
    print(
        f"\n=== {r['db']}: {r['users']} users, {r['duration_s']} s after the ramp, gthread {r['workers']}×{r['threads']}"
    )
    print(
        f"throughput {r['rps']:.1f} req/s ({r['requests']} requests), errors {r['failures']}, "
        f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, p99 {r['p99']:.0f} ms, max {r['max']:.0f} ms"
    )
    print(
        f"CPU share of the 2 cores: server {c['server']:.0%}, database {c['database']:.0%}, locust {c['locust']:.0%}, "
        f"others on the machine {c['others']:.0%} (machine busy {c['machine']:.0%}); "
        f"load average {r['load_average'][0]}–{r['load_average'][1]}"
    )
    print(
        f"server CPU per request {r['cpu_ms_per_request']:.1f} ms (with its database): the 2 cores alone "
        f"would serve about {2000 / max(r['cpu_ms_per_request'], 0.1):.0f} req/s"
    )
    print(f"{'page':<44} {'count':>6} {'fail':>4} {'p50':>6} {'p95':>6} {'p99':>6}")
    for p in sorted(r["pages"], key=lambda p: -p["p95"]):
        print(
            f"{(p['type'] + ' ' + p['name'])[:44]:<44} {p['count']:6d} {p['failures']:4d} {p['p50']:6.0f} {p['p95']:6.0f} {p['p99']:6.0f}"
        )
    login = r["ramp"].get("POST /login/ POST")
    if login:
        print(f"ramp: {login['count']} logins, p50 {login['p50']:.0f} ms, p95 {login['p95']:.0f} ms")
    checks = [
        (f"≥ {GOALS['rps']:.0f} req/s", r["rps"] >= GOALS["rps"]),
        (f"p95 < {GOALS['p95']} ms", r["p95"] < GOALS["p95"]),
        (f"p99 < {GOALS['p99']} ms", r["p99"] < GOALS["p99"]),
        ("0 errors", r["failures"] == 0),
    ]
    print("goals: " + ", ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in checks))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=2.0)
    parser.add_argument("--duration", type=int, default=300, help="seconds measured after the ramp")
    parser.add_argument("--workers", type=int, default=8, help="as README's production deployment (8 × 2)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep the database an earlier run built")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = [run(db, args) for db in (["sqlite", "postgres"] if args.db == "both" else [args.db])]
    for r in results:
        report(r)


if __name__ == "__main__":
    main()
