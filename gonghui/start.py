"""`python -m gonghui start`: the single-PC production mode, on Windows as on Linux, no bash or make needed.

Sets up a production-safe instance in this folder (DEBUG off, a secret key generated once in var/, the
static build collected, the database migrated, no demo data), asks once for the first administrator, then
runs the web server (waitress, which also runs on Windows), the task worker and the daily scheduler together
until Ctrl-C stops all three.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Without a terminal (a service, CI) the first administrator comes from these instead of questions.
ADMIN_ENV = ("GONGHUI_ADMIN_USERNAME", "GONGHUI_ADMIN_PASSWORD")


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    os.environ.setdefault("GONGHUI_LOCAL", "true")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()


def _static_is_current(static_root: Path) -> bool:
    """The collected build exists and no app's static file is newer than it."""
    manifest = static_root / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    sources = (p for p in (ROOT / "gonghui").glob("*/static/**/*") if p.is_file())
    return all(p.stat().st_mtime <= built for p in sources)


def prepare(out=sys.stdout) -> None:
    """Migrate, collect static files and make sure an administrator exists (asked for once)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if not _static_is_current(Path(settings.STATIC_ROOT)):
        print("正在准备网页资源（只在第一次或升级后需要）……", file=out)
        call_command("collectstatic", interactive=False, clear=True, verbosity=0)
    if get_user_model().objects.filter(is_superuser=True).exists():
        return
    username, password = (os.environ.get(name, "") for name in ADMIN_ENV)
    if username and password:
        get_user_model().objects.create_superuser(username=username, password=password, email="")
        print(f"已建立管理员账号 {username}。", file=out)
    elif sys.stdin.isatty():
        print("第一次启动：请建立管理员账号（登录后在「组织」中建立本工会或总工会）。", file=out)
        call_command("createsuperuser", email="", interactive=True)
    else:
        raise SystemExit(
            "还没有管理员账号。请在命令行窗口中运行 python -m gonghui start 按提示建立，"
            "或设置 GONGHUI_ADMIN_USERNAME 和 GONGHUI_ADMIN_PASSWORD 后再启动。"
        )


def _children(host: str, port: int) -> list[subprocess.Popen]:
    python = sys.executable
    commands = [
        [python, "-m", "waitress", f"--listen={host}:{port}", "--threads=8", "gonghui.wsgi:application"],
        [python, "manage.py", "db_worker"],
        [python, "manage.py", "scheduler"],
    ]
    # Own process group on Windows so our Ctrl-C handling, not the console's, stops them in order.
    flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    return [subprocess.Popen(c, cwd=ROOT, creationflags=flags) for c in commands]


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _interrupt(signum, frame):
    """SIGTERM (a service manager stopping us) ends the run like Ctrl-C."""
    raise KeyboardInterrupt


def run(host: str, port: int) -> int:
    children = _children(host, port)
    print(f"\n工会工作台已启动： http://{host}:{port}/\n按 Ctrl-C 停止。\n", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    # Ctrl-C stops everything even when started from a shell that ignores SIGINT in background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 0
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        failed = next(child for child in children if child.poll() is not None)
        code = failed.returncode or 1
        print(f"有一个服务意外停止（{' '.join(failed.args[1:3])}），其余服务也一并停止。", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children)
        print("已停止。", flush=True)
    return code


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gonghui", description="工会工作台（单机运行）")
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="在本机以正式模式启动（网页、后台任务和每日计划一起运行）")
    start.add_argument("--host", default=os.environ.get("GONGHUI_HOST", "127.0.0.1"))
    start.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    _setup_django()
    prepare()
    return run(args.host, args.port)
