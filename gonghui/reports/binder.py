"""The ledger binder (一键台帐): one .zip per union and year with every registered ledger, a cover with
its table of contents, the year's plan and the evidence files in folders per ledger. A federation's
binder holds one folder per union (and one for its own records), built one after the other.

Files inside are already compressed (.xlsx, .docx, photos, PDFs), so they are stored, not deflated
again: deflating them costs time and saves next to nothing.
"""

import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db.models import QuerySet

from gonghui.orgs.models import Org, OrgKind
from gonghui.reports import documents
from gonghui.reports.registry import (
    Ledger,
    allowed,
    evidence_records,
    evidence_type,
    ledgers,
    scoped,
)

STORED = {"xlsx", "docx", "zip", "jpg", "jpeg", "png", "gif", "webp", "pdf", "mp4"}
UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')
EVIDENCE = "佐证材料"


@dataclass
class Part:
    """One ledger as filed in a binder."""

    ledger: Ledger
    count: int
    file_name: str

    @property
    def pages(self) -> int:
        return estimate_pages(self.ledger, self.count)


def estimate_pages(ledger: Ledger, count: int) -> int:
    """Printed A4 pages, estimated from the ledger's rows per page; an empty ledger is still its header page."""
    return max(1, math.ceil(count / ledger.rows_per_page))


def safe(name: str, limit: int = 60) -> str:
    """A file or folder name every zip tool and Windows accepts."""
    return UNSAFE.sub("_", str(name)).strip(" .")[:limit] or "未命名"


class Archive:
    """A zip being written, which never repeats a name and copies stored files in chunks."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf, self.names, self.copied = zf, set(), 0  # copied: uploaded files put in

    def _unique(self, name: str) -> str:
        stem, dot, suffix = name.rpartition(".")
        candidate, n = name, 1
        while candidate in self.names:
            n += 1
            candidate = f"{stem}-{n}.{suffix}" if dot else f"{name}-{n}"
        self.names.add(candidate)
        return candidate

    @staticmethod
    def _compression(name: str) -> int:
        return zipfile.ZIP_STORED if name.rsplit(".", 1)[-1].lower() in STORED else zipfile.ZIP_DEFLATED

    def add_path(self, path: Path, name: str) -> None:
        self.zf.write(path, self._unique(name), compress_type=self._compression(name))

    def add_bytes(self, content: bytes, name: str) -> None:
        self.zf.writestr(self._unique(name), content, compress_type=self._compression(name))

    def add_field_file(self, field, name: str) -> bool:
        """Copy an uploaded file into the zip; False when its file is gone from storage."""
        try:
            source = field.open("rb")
        except (FileNotFoundError, OSError, ValueError):
            return False
        with source, self.zf.open(self._unique(name), "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        self.copied += 1
        return True


def _folders(org: Org, by) -> list[tuple[Org, QuerySet, str]]:
    """(org, orgs whose records go in, folder) for each binder section: a union (or group) is one
    section over its subtree; a federation has its own records (本级) and each union below it."""
    if org.kind != OrgKind.FEDERATION:
        return [(org, org.subtree(), "")]
    nodes = Org.objects.filter(path__startswith=org.path, kind__in=[OrgKind.FEDERATION, OrgKind.UNION])
    if by is not None:
        from gonghui.core import access

        nodes = nodes.filter(pk__in=access.visible_orgs(by))
    found = []
    for n, node in enumerate(nodes.order_by("path"), 1):
        if node.kind == OrgKind.FEDERATION:
            found.append((node, Org.objects.filter(pk=node.pk), f"{n:03d}-{safe(node.name)}（本级）/"))
        else:
            found.append((node, node.subtree(), f"{n:03d}-{safe(node.name)}/"))
    return found


def section_count(org: Org, by=None) -> int:
    return len(_folders(org, by))


def _ledger_files(archive, *, ledger, orgs, year, by, folder) -> list[str]:
    """The files attached to the ledger's records of the year, one folder per record; returns the
    names of files that are missing from storage."""
    kind = evidence_type(ledger.evidence_key)
    if kind.files is None:
        return []
    missing = []
    records = scoped(by, evidence_records(kind.key, orgs, year)).prefetch_related(*kind.prefetch)
    for record in records.order_by(kind.date_field):
        files = kind.files(record)
        if not files:
            continue
        record_folder = f"{folder}{safe(kind.describe(record))}/"
        for name, field in files:
            if not archive.add_field_file(field, record_folder + safe(name, 80)):
                missing.append(f"{kind.describe(record)}：{name}")
    return missing


def _plan_files(archive, *, items, folder) -> list[str]:
    missing = []
    for item in items:
        for evidence in item.evidence.all():
            if not evidence.file:
                continue
            name = f"{folder}{safe(f'{item.when_label} {item.text}', 40)}/{safe(str(evidence), 80)}"
            if not archive.add_field_file(evidence.file, name):
                missing.append(f"{item.text}：{evidence}")
    return missing


def _plan_items(plan) -> list:
    """The plan's items with their proof and each linked record, in a few queries whatever their number
    (each proof's line names its record: one query per proof otherwise)."""
    from django.db.models import prefetch_related_objects

    from gonghui.plans.models import ScheduleItem

    items = list(ScheduleItem.objects.filter(plan=plan).for_display().prefetch_related("evidence__record"))
    by_kind = {}
    for item in items:
        for evidence in item.evidence.all():
            record = evidence.record if evidence.object_id else None
            if record is not None and evidence.kind is not None:
                by_kind.setdefault(evidence.kind, []).append(record)
    for kind, records in by_kind.items():
        if lookups := [lookup for lookup in kind.prefetch if _forward(kind.model, lookup)]:
            prefetch_related_objects(records, *lookups)
    return items


def _forward(model, lookup: str) -> bool:
    """Whether a prefetch lookup follows foreign keys only (aid → member, step → case → member): what
    a record's one-line description reads; lists of files are left to the ledger's own folder."""
    for name in lookup.split("__"):
        field = model._meta.get_field(name)
        if not (field.concrete and (field.many_to_one or field.one_to_one)):
            return False
        model = field.related_model
    return True


def _plan(org, year, by):
    from gonghui.plans.models import Plan

    return scoped(by, Plan.objects.filter(org=org)).current_for(org, year)


def write_section(archive, *, org, orgs, year, by, folder, tmp: Path, built_on: date, step=None) -> dict:
    """Write one union's (or the federation's own) ledgers, plan, evidence and cover under `folder`."""
    own_records = org.kind == OrgKind.FEDERATION
    len(orgs)  # read once: the ledgers' root_of() takes the section's top org from it, not a query each
    parts, skipped, missing, copied_before = [], [], [], archive.copied
    for number, ledger in enumerate(ledgers(), 1):
        if not allowed(by, ledger, org):
            skipped.append(ledger)
            continue
        names = []
        for fmt in ledger.formats:
            name = f"{number:02d}-{safe(ledger.title)}.{fmt}"
            path = tmp / f"ledger.{fmt}"
            ledger.build(orgs=orgs, year=year, fmt=fmt, out=path, by=by)
            archive.add_path(path, folder + name)
            path.unlink(missing_ok=True)
            names.append(name)
        parts.append(Part(ledger=ledger, count=ledger.count(orgs, year), file_name="、".join(names)))
        if ledger.evidence_key:
            ledger_folder = f"{folder}{EVIDENCE}/{number:02d}-{safe(ledger.title)}/"
            missing += _ledger_files(
                archive, ledger=ledger, orgs=orgs, year=year, by=by, folder=ledger_folder
            )
        if step:
            step(ledger.title)
    plan = _plan(org, year, by)
    plan_name = ""
    if plan is not None:
        if plan.org_id == org.pk:
            plan.org = org  # the same row, already at hand
        items = _plan_items(plan)
        plan_name = f"工作计划/{year}年工作计划.docx"
        archive.add_bytes(
            documents.plan_docx(plan, items, list(plan.targets.order_by("order"))), folder + plan_name
        )
        missing += _plan_files(archive, items=items, folder=f"{folder}{EVIDENCE}/工作计划/")
    evidence_count = archive.copied - copied_before
    cover = documents.cover_docx(
        org=org,
        year=year,
        parts=parts,
        skipped=skipped,
        plan_name=plan_name,
        evidence_count=evidence_count,
        missing_files=missing,
        built_on=built_on,
        required_applies=not own_records,
    )
    archive.add_bytes(cover, f"{folder}00-封面目录.docx")
    return {
        "name": org.name,
        "code": org.code,
        "ledgers": len(parts),
        "records": sum(part.count for part in parts),
        "pages": sum(part.pages for part in parts),
        # A federation's own records are no union's ledgers: "required" is a union's duty.
        "missing": [p.ledger.title for p in parts if p.ledger.required and not p.count and not own_records],
        "evidence_files": evidence_count,
        "plan": bool(plan_name),
    }


def build_binder(
    *,
    org: Org,
    year: int,
    out: Path,
    by=None,
    built_on: date | None = None,
    on_section: Callable[[int, int, dict], None] | None = None,
    on_ledger: Callable[[str], None] | None = None,
) -> list[dict]:
    """Write the binder zip to `out`; returns one summary per section (union), in order.

    `by` is the user it is built for (rows and masking follow core/access.py), None on the
    command line. `on_section(done, total, summary)` is told after each section, `on_ledger(title)`
    after each ledger (a union's binder has one section: its bar moves ledger by ledger)."""
    built_on = built_on or date.today()
    sections = _folders(org, by)
    summaries = []
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(out, "w", allowZip64=True) as zf:
        archive, tmp = Archive(zf), Path(folder)
        for done, (node, orgs, prefix) in enumerate(sections, 1):
            summary = write_section(
                archive,
                org=node,
                orgs=orgs,
                year=year,
                by=by,
                folder=prefix,
                tmp=tmp,
                built_on=built_on,
                step=on_ledger,
            )
            summary["folder"] = prefix.rstrip("/")
            summaries.append(summary)
            if on_section:
                on_section(done, len(sections), summary)
        if org.kind == OrgKind.FEDERATION:
            archive.add_bytes(
                documents.federation_cover_docx(org=org, year=year, summaries=summaries, built_on=built_on),
                "000-总目录.docx",
            )
    return summaries
