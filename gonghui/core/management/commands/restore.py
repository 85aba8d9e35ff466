from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "把 manage.py backup 生成的备份恢复到空数据库和空的上传文件目录，并核对各表行数。"
        "Restores an archive into an empty database and MEDIA_ROOT, then verifies the row counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="备份文件")

    def handle(self, *args, file, **options):
        try:
            manifest = restore_backup(file)
        except BackupError as error:
            raise CommandError(str(error))
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{file.name}（版本 {manifest['version']}，{manifest['created_at'][:19]} 备份），"
                f"{len(manifest['counts'])} 张表共 {rows} 行已核对一致，上传文件 {len(manifest['files']) - 1} 个。"
            )
        )
