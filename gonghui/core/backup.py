"""One-file backups: the database, the uploaded files and a manifest, restorable on another PC or folder.

An archive (.tar.gz) holds
- `db/gonghui.sqlite3` (SQLite's online backup API: consistent while the app keeps running) or
  `db/gonghui.pgdump` (`pg_dump -Fc`),
- `media/…`: every file under MEDIA_ROOT, by its path relative to it (the database stores only such paths),
- `manifest.json`: the program version, the database engine, the applied migrations, the row count of
  every table and the SHA-256 of every other member.

Restore refuses an archive whose manifest or checksums do not match (damaged) or that holds migrations
this program does not have (made by a newer version), and refuses a target that already holds data.
After loading it checks every table's row count against the manifest, then migrates forward.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks import task

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "db/gonghui.sqlite3"
PG_MEMBER = "db/gonghui.pgdump"
# Filled by Django itself on every migrate: a fresh install has these rows and is still empty.
NOT_DATA = {"django_migrations", "django_content_type", "auth_permission", "django_site"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


def program_version() -> str:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def default_path(now=None) -> Path:
    now = timezone.localtime(now)
    return Path(settings.GONGHUI_BACKUP_DIR) / f"gonghui-{now:%Y%m%d-%H%M%S}.tar.gz"


# --- backup -------------------------------------------------------------------------------------------


def make_backup(*, out: Path | None = None) -> Path:
    """Write the archive to `out` (default: GONGHUI_BACKUP_DIR/gonghui-<time>.tar.gz) and return its path."""
    if connection.in_atomic_block:
        # Inside a transaction the copy would hold its uncommitted rows and wait on its own locks.
        raise BackupError("不能在数据库事务中备份，请在命令行或后台任务中单独运行备份。")
    out = Path(out or default_path())
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gonghui-backup-") as tmp:
        work = Path(tmp)
        member = SQLITE_MEMBER if _engine() == "sqlite" else PG_MEMBER
        (work / "db").mkdir()
        _dump_database(work / member)
        # Counted right after the copy: rows written meanwhile are in neither, on SQLite, nor on PostgreSQL
        # (pg_dump sees one snapshot; a busy server may differ by a few rows, which restore then reports).
        manifest = {
            "format": FORMAT,
            "program": "gonghui",
            "version": program_version(),
            "created_at": timezone.localtime().isoformat(),
            "engine": _engine(),
            "database": member,
            "migrations": applied_migrations(),
            "counts": table_counts(),
            "files": {member: _sha256(work / member)},
        }
        media = Path(settings.MEDIA_ROOT)
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / member, arcname=member)
            for path in sorted(media.rglob("*")) if media.is_dir() else []:
                if path.is_file() and not path.is_symlink():
                    name = "media/" + path.relative_to(media).as_posix()
                    manifest["files"][name] = _sha256(path)
                    archive.add(path, arcname=name)
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, fileobj=io.BytesIO(data))
        os.chmod(partial, 0o600)  # members' personal data: readable by the operator only
        partial.replace(out)  # a crash mid-write never leaves a half archive under the final name
    return out


def _dump_database(target: Path) -> None:
    if _engine() == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # page by page, consistent, while others keep writing
        finally:
            copy.close()
        return
    _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(target), _pg_url()], "pg_dump")


def _pg_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{auth}{db.get('HOST') or 'localhost'}{port}/{connection.settings_dict['NAME']}"


def _run(command, tool):
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"找不到 {tool}：请安装 PostgreSQL 客户端工具（与数据库服务器同一版本）后再试。")
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{tool} 失败：{error.stderr.strip()[-500:]}")


# --- restore ------------------------------------------------------------------------------------------


def restore_backup(path: Path) -> dict:
    """Restore the archive into this (empty) database and MEDIA_ROOT; returns the manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}，请检查文件名和位置。")
    with tempfile.TemporaryDirectory(prefix="gonghui-restore-") as tmp:
        work = Path(tmp)
        manifest = _unpack(path, work)
        _check_schema(manifest)
        _check_empty_target(manifest)
        _load_database(work / manifest["database"], manifest)
        _check_counts(manifest)
        media = Path(settings.MEDIA_ROOT)
        if (work / "media").is_dir():
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work / "media", media, dirs_exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)  # an older backup moves up to this version
    return manifest


def _unpack(path: Path, work: Path) -> dict:
    damaged = f"备份文件 {path.name} 已损坏或不完整，未做任何恢复。请换一份备份（例如前一天的）再试。"
    try:
        with tarfile.open(path, "r:*") as archive:
            archive.extractall(work, filter="data")  # refuses absolute paths, "..", links out of the folder
    except (tarfile.TarError, OSError, EOFError, ValueError, zlib.error):
        raise BackupError(damaged)
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{damaged}（缺少或无法读取 {MANIFEST}）")
    if not isinstance(manifest, dict) or manifest.get("program") != "gonghui" or "files" not in manifest:
        raise BackupError(f"{path.name} 不是工会工作台的备份文件，未做任何恢复。")
    if manifest.get("format", 0) > FORMAT:
        raise BackupError(
            f"这份备份的格式比本程序新（版本 {manifest.get('version')}），请先升级工会工作台再恢复。"
        )
    for name, checksum in manifest["files"].items():
        member = work / name
        if not member.is_file() or _sha256(member) != checksum:
            raise BackupError(f"{damaged}（{name} 的校验和不符）")
    if manifest.get("engine") != _engine():
        raise BackupError(
            f"这份备份来自 {manifest.get('engine')} 数据库，当前使用的是 {_engine()}，无法直接恢复。"
            "请在同一种数据库上恢复。"
        )
    return manifest


def _check_schema(manifest: dict) -> None:
    """Every migration the backup has applied must exist here; one more means a newer program wrote it."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]
    if newer:
        raise BackupError(
            f"这份备份来自更新版本的工会工作台（版本 {manifest.get('version')}，本程序是 {program_version()}），"
            f"本程序没有它的数据库结构（{', '.join(newer[:3])}）。请先升级本程序，再恢复这份备份。"
        )


def _check_empty_target(manifest: dict) -> None:
    holding = [table for table, count in table_counts().items() if count and table not in NOT_DATA]
    if holding:
        raise BackupError(
            "目标数据库已有数据（例如 "
            + "、".join(holding[:3])
            + "），恢复会覆盖它们，已停止。请换一个新的空数据库（或删除现有数据库文件）后再恢复。"
        )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        raise BackupError(f"上传文件目录 {media} 不是空的，已停止恢复。请换一个空目录（MEDIA_ROOT）后再试。")


def _load_database(dump: Path, manifest: dict) -> None:
    if _engine() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)  # replaces every page of the open database at once
        finally:
            source.close()
        connection.close()  # the next query reopens with a fresh view of the schema
        return
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "-d", _pg_url(), str(dump)],
        "pg_restore",
    )


def _check_counts(manifest: dict) -> None:
    found = table_counts()
    wrong = [
        f"{table}（备份 {count} 行，恢复后 {found.get(table)} 行）"
        for table, count in manifest["counts"].items()
        if found.get(table) != count
    ]
    if wrong:
        raise BackupError("恢复后的数据与备份清单不一致：" + "；".join(wrong[:5]) + "。请换一份备份再试。")


# --- daily backups with retention ---------------------------------------------------------------------


def backups_to_keep(days: list[date], *, daily=7, weekly=4, monthly=12) -> set[date]:
    """The newest backup of each of the last `daily` days that have one, of the last `weekly` ISO weeks
    and of the last `monthly` months (grandfather-father-son); the rest may go."""
    rules = [
        (daily, lambda d: d),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ]
    newest_first = sorted(set(days), reverse=True)
    keep: set[date] = set()
    for count, period in rules:
        periods = {}
        for day in newest_first:
            periods.setdefault(period(day), day)  # the newest day of each period
        keep.update(list(periods.values())[:count])
    return keep


def prune_backups(folder: Path) -> list[Path]:
    """Delete the scheduled backups in `folder` that the retention rule no longer keeps; returns them."""
    dated = {}
    for path in Path(folder).glob("gonghui-*.tar.gz"):
        try:
            day = date(int(path.name[8:12]), int(path.name[12:14]), int(path.name[14:16]))
        except ValueError:
            continue  # not one of ours: never deleted
        dated.setdefault(day, []).append(path)
    keep = backups_to_keep(
        list(dated),
        daily=settings.GONGHUI_BACKUP_KEEP_DAILY,
        weekly=settings.GONGHUI_BACKUP_KEEP_WEEKLY,
        monthly=settings.GONGHUI_BACKUP_KEEP_MONTHLY,
    )
    removed = []
    for day, paths in dated.items():
        newest = max(paths)
        for path in paths:
            if day not in keep or path != newest:
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


@task()
def daily_backup() -> dict:
    path = make_backup()
    removed = prune_backups(path.parent)
    return {"backup": path.name, "removed": [p.name for p in removed]}
