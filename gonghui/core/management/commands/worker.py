"""`manage.py worker`: django-tasks' db_worker, after putting back what a killed worker left running.

A worker killed in the middle of a task (kill -9, a power cut, an out-of-memory kill) rolls its
transaction back, but its progress row stays "进行中" and an import stays "导入中", refusing a
retry. bin/run starts one worker per site, so whatever was running when it starts again is dead.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from gonghui.core.tasks import recover_interrupted


class Command(DbWorkerCommand):
    help = "Runs the background tasks (after marking those a stopped worker left running as failed)."

    def handle(self, *args, **options):
        recovered = recover_interrupted()
        if recovered:
            self.stderr.write(f"已将 {recovered} 个被中断的任务标记为失败。")
        return super().handle(*args, **options)
