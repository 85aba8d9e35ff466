from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "备份数据库、上传文件和清单（版本、迁移、各表行数、校验和）到一个文件。"
        "Writes one archive: the database, MEDIA_ROOT and a manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", type=Path, help="备份文件路径（默认 GONGHUI_BACKUP_DIR/gonghui-<时间>.tar.gz）"
        )

    def handle(self, *args, out=None, **options):
        try:
            path = make_backup(out=out)
        except BackupError as error:
            raise CommandError(str(error))
        size = path.stat().st_size / 1024 / 1024
        self.stdout.write(self.style.SUCCESS(f"备份完成：{path}（{size:.1f} MB）"))
