"""Opening thousands of accounts hashes thousands of passwords (Argon2, on purpose slow): a task."""

from django.db import transaction
from django.urls import reverse

from gonghui.accounts import services
from gonghui.accounts.models import AccountBatch
from gonghui.core.tasks import finish_progress, progress_task, start_progress, update_progress

OPEN_KIND = "accounts_open"


def start_opening(*, org, by, member_ids=None) -> AccountBatch:
    """Create the batch and queue its task (after the commit, so the worker finds the batch)."""
    batch = services.new_batch(org=org, by=by, member_ids=member_ids)
    batch.progress = start_progress(
        kind=OPEN_KIND, org=org, user=by, total=services.candidates(batch).count()
    )
    batch.save(update_fields=["progress", "updated_at"])
    transaction.on_commit(lambda: run_open.enqueue(str(batch.progress_id), str(batch.pk)))
    return batch


@progress_task(kind=OPEN_KIND, doing="开通会员账号")
def run_open(progress_id: str, batch_id: str) -> dict:
    batch = AccountBatch.objects.select_related("org").get(pk=batch_id)
    update_progress(progress_id, message="正在开通")
    counts = services.open_accounts(
        batch=batch, on_progress=lambda done: update_progress(progress_id, done=done)
    )
    url = reverse("accounts:batch", kwargs={"accountbatch_id": batch.pk})
    message = f"已开通 {counts['opened']} 个账号，{counts['skipped']} 人未开通"
    total = counts["opened"] + counts["skipped"]
    update_progress(progress_id, done=total, total=total)
    finish_progress(
        progress_id, result={**counts, "url": url, "link_text": "查看结果、打印密码条"}, message=message
    )
    return counts
