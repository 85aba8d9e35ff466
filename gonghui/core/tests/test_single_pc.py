import os
import stat
import subprocess
import sys
from pathlib import Path

from gonghui.core.secret_key import read_or_create

ROOT = Path(__file__).resolve().parents[3]


def test_a_key_is_generated_once_owner_only_and_reused(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = read_or_create(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_or_create(path) == first


def test_an_empty_key_file_is_replaced_never_used(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("\n")
    assert len(read_or_create(path)) >= 50


def _settings_key(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "TESTING": "",
        "SECRET_KEY": "",
        "GONGHUI_LOCAL": "true",
        "GONGHUI_SECRET_KEY_FILE": str(tmp_path / "secret_key"),
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
    }
    env.pop("DATABASE_URL", None)
    code = (
        "from django.conf import settings; print(settings.SECRET_KEY, settings.DEBUG, settings.ALLOWED_HOSTS)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_single_pc_mode_runs_without_debug_on_its_kept_key(tmp_path):
    first = _settings_key(tmp_path)
    key, debug, hosts = first.split(" ", 2)
    assert key == (tmp_path / "secret_key").read_text().strip()
    assert debug == "False"
    assert "127.0.0.1" in hosts and "localhost" in hosts
    assert _settings_key(tmp_path) == first  # the next start signs with the same key: nobody is logged out


def test_make_run_is_the_single_pc_mode_and_make_dev_the_debug_one():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    dev = makefile.split("\ndev:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=true" not in run and "$(LOCAL) bin/run" in run
    assert "static" in makefile.split("\nsetup:", 1)[1].split("\n", 1)[0]  # collectstatic is part of setup
    assert "DEBUG=true bin/run" in dev


def test_a_fresh_install_administrator_sees_the_no_role_page_not_a_500(db, client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(username="admin", password="x", email="")
    client.force_login(admin)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert client.get("/plans/").status_code == 403  # not a 500: there is no org to show yet
