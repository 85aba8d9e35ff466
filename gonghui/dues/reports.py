"""Dues in the reports registries: a committed import batch proves a collection item; the year's
payments are the 会费收缴登记."""

import shutil

from django.urls import reverse

from gonghui.dues import exports
from gonghui.dues.models import DuesImport, DuesPayment, ImportStatus
from gonghui.reports.registry import register_evidence, register_ledger, scoped

register_evidence(
    key="dues.import",
    label="会费收缴批次",
    model=DuesImport,
    date_field="committed_at",
    rows=lambda: DuesImport.objects.filter(status=ImportStatus.COMMITTED),
    search=lambda rows, q: rows.filter(filename__icontains=q),
    describe=lambda batch: (
        f"{batch.committed_at:%Y-%m-%d} 会费导入 {batch.filename}（{(batch.counts or {}).get('created', 0)} 笔）"
    ),
    url=lambda batch: reverse("dues:import_preview", kwargs={"duesimport_id": batch.pk}),
    files=lambda batch: [(batch.filename, batch.file)] if batch.file else [],
    order=30,
)


def _payments(orgs, year):
    return DuesPayment.objects.in_orgs(orgs).filter(paid_on__year=year)


def _build(*, orgs, year, fmt, out, by=None):
    path = exports.payments(scoped(by, _payments(orgs, year)))
    shutil.move(path, out)


register_ledger(
    key="dues.payments",
    title="会费收缴台帐",
    book="会费收缴登记",
    required=True,
    formats=("xlsx",),
    count=lambda orgs, year: _payments(orgs, year).count(),
    build=_build,
    evidence_key=None,
    rows_per_page=40,
    sensitive=True,
)
