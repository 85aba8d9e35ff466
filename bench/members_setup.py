"""Shared set-up for the members benchmarks: a fresh database per run, Django configured,
one federation and one union to import into, and a child-process runner that reports
peak memory (each contender runs in its own process, so peaks do not mix)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
DATA = HERE / "data"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/gh_bench")


def database_env(db: str, name: str) -> dict[str, str]:
    # TESTING: plain static storage and no HTTPS redirect for the in-process test client (DEBUG would
    # also log every query); everything else is the production configuration.
    env = {
        "SECRET_KEY": "bench-only-not-secret",
        "PYTHONPATH": str(ROOT),
        "TESTING": "true",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    }
    if db == "postgres":
        env["DATABASE_URL"] = pg_url(name)
    else:
        OUT.mkdir(exist_ok=True)
        env["SQLITE_PATH"] = str(OUT / f"{name}.sqlite3")
    return env


def pg_url(name: str) -> str:
    """One PostgreSQL database per benchmark ("import_ours_postgres" → gh_bench_import), so that
    one benchmark's runs do not drop the data another loaded for `--reuse`."""
    return f"{PG_URL}_{name.split('_')[0]}"


def fresh_database(db: str, name: str) -> None:
    if db == "postgres":
        dbname = pg_url(name).rsplit("/", 1)[1]
        base = PG_URL.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", base, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=True)
        subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {dbname}"], check=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            path = OUT / f"{name}.sqlite3{suffix}"
            if path.exists():
                path.unlink()


def setup_django(migrate: bool = True):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def bench_union():
    from gonghui.orgs.models import Org, OrgKind

    fed = Org.objects.filter(code="bench-fed").first() or Org.objects.add_root(
        {"code": "bench-fed", "name": "基准测试总工会", "kind": OrgKind.FEDERATION}
    )
    union = Org.objects.filter(code="bench-union").first() or Org.objects.add_child(
        fed,
        {"code": "bench-union", "name": "基准测试工会", "kind": OrgKind.UNION, "employee_count": 2_000_000},
    )
    return union


def run_child(script: Path, args: list[str], env: dict[str, str]) -> dict:
    """Run `script --child ...` in a fresh interpreter; its last stdout line is JSON.
    Adds that child's own peak RSS in MB (from wait4, so peaks of other runs do not mix)."""
    import tempfile

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, str(script), "--child", *args],
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=out,
            stderr=err,
            text=True,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        sys.stderr.write(stdout + stderr)
        raise SystemExit(f"{script.name} {' '.join(args)} failed")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result


def ensure_roster(rows: int, fmt: str) -> Path:
    from bench.gen_roster import size_label

    path = DATA / f"roster_{size_label(rows)}.{fmt}"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(HERE / "gen_roster.py"), "--rows", str(rows), "--format", fmt],
            cwd=ROOT,
            check=True,
        )
    return path


def machine() -> str:
    import platform

    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "")
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores {cpu}, {mem:.0f} GiB, Python {platform.python_version()}"


class TreePeak:
    """The highest resident memory of this process and all its descendants together, sampled
    every 50 ms (an import may run helper processes beside it; their peaks add up only while
    they overlap, which per-process maxima cannot tell)."""

    def __init__(self, interval: float = 0.05):
        import threading

        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        return round(self.peak_kb / 1024, 1)

    def _sample(self) -> None:
        while True:
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(os.getpid())))
            if self._stop.wait(self.interval):
                return


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    todo.extend(int(p) for p in fh.read().split())
        except OSError:
            pass  # ended meanwhile
    return pids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0
