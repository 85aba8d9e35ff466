"""Backup and restore: a round trip into another folder, and the refusals (newer schema, damage, data)."""

import io
import json
import tarfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from gonghui.core.backup import backups_to_keep, prune_backups, table_counts
from gonghui.members.models import Member
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db(transaction=True)
PHOTO = b"\xff\xd8\xff\xe0 not really a jpeg, only bytes to compare"


@pytest.fixture
def backed_up(world, settings, tmp_path):
    """The world with an uploaded file, backed up; the database then emptied as a fresh install is."""
    settings.MEDIA_ROOT = str(tmp_path / "first-pc" / "media")
    photo = Path(settings.MEDIA_ROOT) / "activities" / "2031" / "photo.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PHOTO)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", out=archive, stdout=io.StringIO())
    counts = table_counts()
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = str(tmp_path / "second-pc" / "media")  # restored elsewhere
    return archive, counts


def test_round_trip_into_another_folder(backed_up, settings, tmp_path):
    archive, counts = backed_up
    out = io.StringIO()
    call_command("restore", archive, stdout=out)
    assert "已核对一致" in out.getvalue()
    assert table_counts() == counts
    assert get_user_model().objects.filter(username="chair_a").exists()
    assert Member.objects.filter(name="甲会员", org__code="group-a").exists()
    assert Org.objects.get(code="union-a").get_parent().code == "fed"  # the tree's paths came back
    assert (Path(settings.MEDIA_ROOT) / "activities" / "2031" / "photo.jpg").read_bytes() == PHOTO


def test_the_archive_holds_no_absolute_paths(backed_up, tmp_path):
    archive, _ = backed_up
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert "media/activities/2031/photo.jpg" in names
    assert all(not name.startswith("/") and ".." not in name for name in names)
    assert str(tmp_path) not in json.dumps(manifest)
    assert manifest["version"] and manifest["migrations"]["orgs"] and manifest["counts"]["orgs_org"] == 5


def _rewrite(archive, change):
    """The archive with its manifest changed by `change` (a newer program's backup, say)."""
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_a_backup_from_a_newer_version_is_refused(backed_up):
    archive, _ = backed_up
    _rewrite(archive, lambda m: m["migrations"]["orgs"].append("9999_from_the_future"))
    with pytest.raises(CommandError, match="更新版本.*请先升级本程序"):
        call_command("restore", archive)
    assert not Org.objects.exists()  # nothing was loaded


def test_a_damaged_backup_is_refused(backed_up):
    archive, _ = backed_up
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="已损坏"):
        call_command("restore", archive)
    archive.write_bytes(bytes(data[:1000]))  # cut short
    with pytest.raises(CommandError, match="已损坏"):
        call_command("restore", archive)
    assert not Org.objects.exists()


def test_a_changed_file_inside_is_caught_by_its_checksum(backed_up):
    archive, _ = backed_up
    _rewrite(archive, lambda m: m["files"].update({"media/activities/2031/photo.jpg": "0" * 64}))
    with pytest.raises(CommandError, match="校验和不符"):
        call_command("restore", archive)


def test_restore_refuses_a_database_that_holds_data(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    archive = tmp_path / "b.tar.gz"
    call_command("backup", out=archive, stdout=io.StringIO())
    with pytest.raises(CommandError, match="目标数据库已有数据"):
        call_command("restore", archive)
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", tmp_path / "missing.tar.gz")


def test_retention_keeps_7_daily_4_weekly_12_monthly():
    today = date(2031, 12, 31)
    days = [today - timedelta(days=n) for n in range(400)]
    keep = backups_to_keep(days)
    assert {today - timedelta(days=n) for n in range(7)} <= keep
    assert len({d.isocalendar()[:2] for d in keep}) >= 4
    months = {(d.year, d.month) for d in keep}
    assert len(months) == 12 and (2031, 1) in months and (2030, 12) not in months
    assert len(keep) <= 7 + 4 + 12
    assert backups_to_keep([today]) == {today}


def test_prune_deletes_only_what_retention_drops(tmp_path, settings):
    start = date(2031, 1, 1)
    for n in range(60):
        (tmp_path / f"gonghui-{start + timedelta(days=n):%Y%m%d}-020000.tar.gz").write_bytes(b"x")
    (tmp_path / "gonghui-handmade.tar.gz").write_bytes(b"x")
    removed = prune_backups(tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert "gonghui-handmade.tar.gz" in left  # not a dated backup of ours: kept
    assert "gonghui-20310301-020000.tar.gz" in left and "gonghui-20310131-020000.tar.gz" in left
    assert len(removed) == 60 - (len(left) - 1)


def test_the_scheduler_backs_up_daily_and_prunes(world, settings, tmp_path):
    from gonghui.core.backup import daily_backup

    assert "gonghui.core.backup.daily_backup" in settings.GONGHUI_DAILY_TASKS
    settings.GONGHUI_BACKUP_DIR = str(tmp_path / "backups")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    old = Path(settings.GONGHUI_BACKUP_DIR) / "gonghui-20000101-020000.tar.gz"
    old.parent.mkdir()
    for day in range(1, 29):  # four weeks of January 2000, long past
        (old.parent / f"gonghui-200001{day:02d}-020000.tar.gz").write_bytes(b"x")
    result = daily_backup.enqueue().return_value
    made = Path(settings.GONGHUI_BACKUP_DIR) / result["backup"]
    assert tarfile.is_tarfile(made) and oct(made.stat().st_mode & 0o777) == "0o600"
    left = {p.name for p in made.parent.iterdir()}
    # Today, the 6 newest days before it (23rd–28th: also the newest of their weeks and month) and
    # the Sunday ending the 4th newest week (16th).
    kept_days = (16, 23, 24, 25, 26, 27, 28)
    assert left == {made.name} | {f"gonghui-200001{d}-020000.tar.gz" for d in kept_days}
