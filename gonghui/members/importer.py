"""Import a roster file into a union: preview (count, report errors) or commit.

Rows are read and validated by the pure `roster` module, then handled in
batches: one query per batch finds the people already on record by ID number,
each row is classified new / updated / unchanged / error, and on commit the
batch is written with bulk_create / bulk_update. No query per row.

Commit is all or nothing: the whole file is written in one transaction, rolled
back if any row has an error, unless `skip_errors` is set (then the good rows
are written and the bad ones reported). Importing the same file twice changes
nothing the second time.
"""

from __future__ import annotations

import json
import operator
import os
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as concurrent_wait
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from gonghui.core import uploads
from gonghui.core.workbooks import workbook
from gonghui.members import roster, roster_check
from gonghui.members.models import EventKind, Member, MemberEvent, MemberStatus
from gonghui.members.pinyin import search_keys
from gonghui.members.roster import RowError, RowResult
from gonghui.orgs.models import Org, OrgKind

BATCH_SIZE = 5000

# Fields a sheet can set directly on the member (the rest are derived or the org).
SHEET_FIELDS = (
    "name", "phone", "ethnicity", "education", "political_status", "employment_type",
    "join_date", "member_number", "status",
)  # fmt: skip
DERIVED_FIELDS = ("id_number", "gender", "birth_date")
KEY_FIELDS = ("name_pinyin", "name_initials", "id_number_reversed")
STATUS_EVENTS = {
    MemberStatus.LEFT: EventKind.LEFT,
    MemberStatus.RETIRED: EventKind.RETIRED,
    MemberStatus.DECEASED: EventKind.DECEASED,
    MemberStatus.TRANSFERRED: EventKind.TRANSFERRED_OUT,
}


@dataclass
class ImportCounts:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class ImportOutcome:
    counts: ImportCounts
    committed: bool
    message: str
    header_row: int
    headers: list[str]
    mapping: dict[int, str]
    new_groups: list[str] = field(default_factory=list)


class _Rollback(Exception):
    pass


class RosterImport:
    """One run over one file for one union (or one group of a union)."""

    def __init__(
        self,
        *,
        org: Org,
        by=None,
        commit: bool = False,
        skip_errors: bool = False,
        on_error: Callable[[RowError], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
        batch_size: int = BATCH_SIZE,
        id_header: str = roster.FIELD_LABELS["id_number"],
    ):
        if org.kind not in (OrgKind.UNION, OrgKind.GROUP):
            raise roster.RosterError("请在基层工会或工会小组下导入会员名册")
        self.org = org
        self.union = org.union()
        self.by = by
        self.commit = commit
        self.skip_errors = skip_errors
        self.on_error = on_error or (lambda error: None)
        self.on_progress = on_progress or (lambda done: None)
        self.batch_size = batch_size
        self.id_header = id_header
        self.counts = ImportCounts()
        self.writing = commit
        self.groups = (
            {g.name: g for g in Org.objects.get_children(self.union)} if org.kind == OrgKind.UNION else {}
        )
        self.new_groups: dict[str, Org | None] = {}
        self.today = timezone.localdate()

    # ---- entry point
    def run(self, sheet: roster.Roster) -> ImportOutcome:
        if sheet.missing_fields:
            labels = "、".join(roster.FIELD_LABELS[f] for f in sheet.missing_fields)
            raise roster.RosterError(f"找不到“{labels}”列，请在列对应关系中指定")
        self.has_group = "group" in sheet.mapping.values()
        self.sheet_fields = [f for f in SHEET_FIELDS if f in sheet.mapping.values()]
        # what `_values` gives a new member for a cell left empty (a row's data leaves out empty cells)
        self.new_row = {f: None if f == "join_date" else "" for f in self.sheet_fields}
        self.new_row["status"] = MemberStatus.ACTIVE
        if "employment_type" in self.sheet_fields:
            self.new_row["employment_type"] = "regular"
        pg = connection.vendor == "postgresql"
        if pg:
            # The lookups are point queries by ID number; while a big import grows the table,
            # its statistics lag and the planner would switch to sequential scans.
            with connection.cursor() as cursor:
                cursor.execute("SET enable_seqscan = off")
        try:
            rows = uploads.capped_rows(sheet, error=roster.RosterError)
            if self.commit:
                with transaction.atomic(), NewRowWriter(Member) as self.writer:
                    self._run_batches(rows)
                    self.writer.wait()  # the last batch, before the commit
                    if not self.writing:
                        raise _Rollback  # errors without skip_errors: nothing is kept
            else:
                self._run_batches(rows)  # a preview writes nothing (and its progress shows)
        except _Rollback:
            pass
        finally:
            if pg:
                with connection.cursor() as cursor:
                    cursor.execute("RESET enable_seqscan")
        return ImportOutcome(
            counts=self.counts,
            committed=self.commit and self.writing,
            message=self._message(),
            header_row=sheet.header_row,
            headers=sheet.headers,
            mapping=sheet.mapping,
            new_groups=sorted(self.new_groups),
        )

    def _message(self) -> str:
        c = self.counts
        summary = f"共 {c.rows} 行：新增 {c.created}，更新 {c.updated}，无变化 {c.unchanged}，错误 {c.errors}"
        if not self.commit:
            return f"预览：{summary}"
        if self.writing:
            skipped = f"（已跳过 {c.errors} 行错误）" if c.errors else ""
            return f"已导入：{summary}{skipped}"
        return f"有 {c.errors} 行错误，未写入任何数据。请修改表格后重新导入，或选择跳过错误行。"

    def _run_batches(self, rows: Iterable[RowResult]) -> None:
        batch: list[RowResult] = []
        for result in rows:
            batch.append(result)
            if len(batch) >= self.batch_size:
                self._handle(batch)
                batch = []
        if batch:
            self._handle(batch)

    # ---- one batch
    def _handle(self, batch: list[RowResult]) -> None:
        if self.commit:
            self.writer.wait()  # the previous batch's rows are in before this batch's queries
        self.counts.rows += len(batch)
        good = []
        for result in batch:
            if result.errors:
                self._error(result.errors)
            else:
                good.append(result)
        existing = self._existing({r.data["id_number"] for r in good})
        creates: list[Member] = []
        updates: list[Member] = []
        changed_fields: set[str] = set()
        events: list[MemberEvent] = []
        for result in good:
            records = existing.get(result.data["id_number"])
            if records is None:  # a new person: most rows of a first import
                creates.append(self._new_member(result.data))
                continue
            ours = [r for r in records if r["org__path"].startswith(self.union.path)]
            elsewhere = [r for r in records if r not in ours and r["status"] == MemberStatus.ACTIVE]
            if elsewhere:
                self._error([self._elsewhere_error(result, elsewhere[0])])
                continue
            target = next((r for r in ours if r["status"] == MemberStatus.ACTIVE), None) or (
                max(ours, key=lambda r: r["updated_at"]) if ours else None
            )
            if target is None:  # known only from other unions' past records
                creates.append(self._new_member(result.data))
                continue
            values = self._values(result.data, target)
            diff = {k: v for k, v in values.items() if target[k] != v}
            if not diff:
                self.counts.unchanged += 1
                continue
            member = Member(id=target["id"], **{**{k: target[k] for k in values}, **diff})
            if "name" in diff:
                member.set_search_keys()
                diff.update(dict.fromkeys(KEY_FIELDS))
            changed_fields.update(diff)
            updates.append(member)
            self.counts.updated += 1
            if "status" in diff and diff["status"] in STATUS_EVENTS:
                events.append(self._event(member, STATUS_EVENTS[diff["status"]]))
        self.counts.created += len(creates)
        if self.writing:
            self._write(creates, updates, changed_fields, events)
        self.on_progress(self.counts.rows)

    def _new_member(self, data: dict[str, Any]) -> dict[str, Any]:
        """`_values(data, None)` and the search keys, built by one dict merge (most rows of a
        first import come here)."""
        values = self.new_row | data
        values["org_id"] = self._org_for(values.pop("group", ""), None)
        values["name_initials"], values["name_pinyin"] = search_keys(values["name"])
        values["id_number_reversed"] = values["id_number"][::-1]
        return values

    def _existing(self, ids: set[str]) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if not ids:
            return found
        columns = ("id", "org_id", "org__path", "org__name", "updated_at", *SHEET_FIELDS, *DERIVED_FIELDS)
        # One parameter for the whole batch: thousands of placeholders cost Django a resolve each and
        # the database a parse each. On PostgreSQL `= ANY(array)` is one index scan; `IN (SELECT
        # unnest(…))` became a nested loop of 5,000 probes, 10× slower at 1M members.
        if connection.vendor == "postgresql":
            lookup = Member.objects.extra(where=["members_member.id_number = ANY(%s)"], params=[list(ids)])
        else:
            lookup = Member.objects.filter(
                id_number__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])
            )
        for row in lookup.values(*columns):
            found[row["id_number"]].append(row)
        return found

    def _values(self, data: dict[str, Any], target: dict[str, Any] | None) -> dict[str, Any]:
        values = {f: data.get(f, "") for f in self.sheet_fields}
        for f in ("join_date",):
            if f in values and values[f] == "":
                values[f] = None
        values.update({f: data[f] for f in DERIVED_FIELDS})
        if not values.get("status"):
            values["status"] = target["status"] if target else MemberStatus.ACTIVE
        if "employment_type" in values and not values["employment_type"]:
            values["employment_type"] = target["employment_type"] if target else "regular"
        values["org_id"] = self._org_for(data.get("group", ""), target)
        return values

    def _org_for(self, group_name: str, target: dict[str, Any] | None) -> int:
        if self.org.kind == OrgKind.GROUP or not self.has_group:
            # no group column: keep a known member where they are within the union
            return target["org_id"] if target else self.org.pk
        if not group_name:
            return self.union.pk
        group = self.groups.get(group_name)
        if group is None:
            group = self._new_group(group_name)
        return group.pk if group else 0

    def _new_group(self, name: str) -> Org | None:
        if name not in self.new_groups:
            self.new_groups[name] = None
            if self.writing:
                self.new_groups[name] = self.groups[name] = _create_group(self.union, name)
        return self.new_groups[name]

    def _elsewhere_error(self, result: RowResult, other: dict[str, Any]) -> RowError:
        return RowError(
            result.row,
            self.id_header,
            result.data["id_number"],
            f"此人已是「{other['org__name']}」的在会会员，须由该工会发起会籍转接后才能转入",
        )

    def _event(self, member: Member, kind: str) -> MemberEvent:
        return MemberEvent(
            org_id=member.org_id, member_id=member.pk, kind=kind, on=self.today, note="导入名册", by=self.by
        )

    def _error(self, errors: list[RowError]) -> None:
        self.counts.errors += 1
        for error in errors:
            self.on_error(error)
        if not self.skip_errors:
            self.writing = False  # all or nothing: keep checking, write nothing

    def _write(self, creates, updates, changed_fields, events) -> None:
        if updates:
            now = timezone.now()
            for member in updates:
                member.updated_at = now
            Member.objects.bulk_update(updates, sorted(changed_fields | {"updated_at"}))
        if events:
            MemberEvent.objects.bulk_create(events)
        if creates:
            self.writer.insert(creates)  # last: on PostgreSQL it goes on while the next batch is read


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """INSERT plain value dicts the way the benchmark floor does: COPY on PostgreSQL,
    one prepared statement with executemany on SQLite.

    bulk_create spends most of a large import compiling SQL value by value (and on
    SQLite is cut into ~50-row statements by the 999-parameter limit); rows here are
    already validated, so they go straight to the driver. Defaults, primary keys and
    timestamps are filled from the model's fields for the keys a row leaves out; no
    signals are sent (as with bulk_create)."""
    _write_rows(*_insert_statement(model), rows)


def _write_rows(statement: str, plan: _InsertPlan, rows: list[dict[str, Any]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor.cursor.connection, statement, plan, rows)
        else:
            cursor.executemany(statement, map(plan.values, rows))


def _insert_statement(model: type[models.Model]) -> tuple[str, _InsertPlan]:
    plan = _InsertPlan(model, connection.vendor)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in plan.columns)
    if connection.vendor == "postgresql":
        # binary: the server parses no text (dates, keys, timestamps); 0.36 s less CPU per 100k rows
        plan.column_types = _column_types(model._meta.db_table, plan.columns)
        return f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", plan
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(plan.columns))})", plan


def _column_types(table: str, columns: list[str]) -> list[int]:
    """The type oids of `columns`, which a binary COPY must declare."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
            [connection.ops.quote_name(table)],
        )
        oids = dict(cursor.fetchall())
    return [oids[c] for c in columns]


def _copy(raw_connection, statement: str, plan: _InsertPlan, rows: list[dict[str, Any]]) -> None:
    with raw_connection.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types(plan.column_types)
        for row in rows:
            copy.write_row(plan.values(row))


class NewRowWriter:
    """Inserts an import's batches of new rows, inside the import's transaction.

    On PostgreSQL a batch's COPY runs in a thread: the server's index work on it (a third of a
    100k-row import when it was waited for) overlaps with reading and checking the next batch,
    as the floor's single COPY stream overlaps with its reading. The thread uses the same
    connection, so nothing else may use it until `wait()`: the import waits before each
    batch's queries and before the commit. SQLite writes in place (its executemany holds the
    GIL per row, so a thread only slowed it down)."""

    def __init__(self, model: type[models.Model]):
        # one statement for the whole import (on PostgreSQL it reads the column types once)
        self.statement, self.plan = _insert_statement(model)
        self.pending: Future | None = None
        self.pool = (
            ThreadPoolExecutor(1, thread_name_prefix="import-copy")
            if connection.vendor == "postgresql"
            else None
        )

    def insert(self, rows: list[dict[str, Any]]) -> None:
        if self.pool is None:
            _write_rows(self.statement, self.plan, rows)
            return
        self.wait()
        connection.ensure_connection()
        self.pending = self.pool.submit(_copy, connection.connection, self.statement, self.plan, rows)

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()  # a failed COPY raises here, inside the transaction: all is rolled back

    def __enter__(self) -> NewRowWriter:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            if self.pending is not None:
                concurrent_wait([self.pending])  # never leave the connection to a running COPY
            self.pool.shutdown()


class _InsertPlan:
    """value dict → the row's database values in column order, without per-value ORM machinery.

    A row is its defaults overlaid with its own values, picked by one itemgetter: two C-level
    operations per row where a getter per field cost ~20 Python calls. Only the key and, on
    SQLite, date columns (stored as ISO text) are computed per row."""

    def __init__(self, model: type[models.Model], vendor: str):
        now = timezone.now()
        self.columns = [f.column for f in model._meta.concrete_fields]
        self.defaults: dict[str, Any] = {}
        self.dates: list[str] = []
        self.key: str | None = None
        self.pg = vendor == "postgresql"
        self.column_types: list[int] = []
        self.new_key = _random_uuid if self.pg else _random_uuid_hex
        for f in model._meta.concrete_fields:
            if f.primary_key and isinstance(f, models.UUIDField):
                self.key = f.attname  # a new one per row, not the default computed once
                self.defaults[f.attname] = None
            elif isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                self.defaults[f.attname] = now if self.pg else connection.ops.adapt_datetimefield_value(now)
            elif isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
                self.dates.append(f.attname)
            if f.attname not in self.defaults:
                self.defaults[f.attname] = _default(f)
        self.pick = operator.itemgetter(*(f.attname for f in model._meta.concrete_fields))

    def values(self, row: dict[str, Any]) -> tuple:
        full = self.defaults | row  # a None in the row is written as NULL
        if self.key and full[self.key] is None:
            full[self.key] = self.new_key()
        if not self.pg:
            for name in self.dates:
                if full[name] is not None:
                    full[name] = full[name].isoformat()
        return self.pick(full)


def _random_uuid() -> uuid.UUID:
    return uuid.UUID(bytes=os.urandom(16), version=4)


def _random_uuid_hex() -> str:
    """uuid.uuid4().hex without building a UUID object (a tenth of the row-building time);
    SQLite stores a uuid column as those 32 hex digits."""
    key = bytearray(os.urandom(16))
    key[6] = key[6] & 0x0F | 0x40  # version 4
    key[8] = key[8] & 0x3F | 0x80  # RFC 4122 variant
    return key.hex()


def _default(f: models.Field) -> Any:
    if f.has_default():
        return f.get_default()
    if isinstance(f, models.CharField | models.TextField) and not f.null:
        return ""
    return None


def _create_group(union: Org, name: str) -> Org:
    base = re.sub(r"[^a-z0-9-]", "", union.code)[:30] or "union"
    n = Org.objects.get_children_count(union) + 1
    while Org.objects.filter(code=f"{base}-g{n}").exists():
        n += 1
    return Org.objects.add_child(union, {"code": f"{base}-g{n}", "name": name[:100], "kind": OrgKind.GROUP})


def import_file(
    path: str,
    *,
    org: Org,
    by=None,
    mapping: dict[int, str] | None = None,
    commit: bool = False,
    skip_errors: bool = False,
    on_error: Callable[[RowError], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
    beside: bool | None = None,
) -> ImportOutcome:
    """Open `path`, then preview or commit it into `org` (see the module docstring).

    `beside`: read and check the rows in a second process (gonghui.members.roster_check) while
    this one matches and writes them; by default for files big enough to repay its start-up."""
    uploads.check_archive(path, error=roster.RosterError)
    if beside is None:
        beside = roster_check.worth_a_process(path)
    open_roster = roster_check.open_roster_beside if beside else roster.open_roster
    sheet = open_roster(path, mapping=mapping, today=timezone.localdate())
    run = RosterImport(
        org=org,
        by=by,
        commit=commit,
        skip_errors=skip_errors,
        on_error=on_error,
        on_progress=on_progress,
        batch_size=batch_size,
        id_header=sheet.column_of("id_number"),
    )
    return run.run(sheet)


class ErrorSheet:
    """Errors written straight to an .xlsx as they come (constant memory)."""

    HEADERS = ("行号", "列", "内容", "原因")

    def __init__(self, path: str, *, keep: int = 500):
        self.workbook = workbook(path, {"constant_memory": True})
        self.sheet = self.workbook.add_worksheet("错误")
        bold = self.workbook.add_format({"bold": True})
        self.sheet.set_column(0, 0, 8)
        self.sheet.set_column(1, 1, 14)
        self.sheet.set_column(2, 2, 24)
        self.sheet.set_column(3, 3, 60)
        for col, title in enumerate(self.HEADERS):
            self.sheet.write_string(0, col, title, bold)
        self.count = 0
        self.keep = keep
        self.first: list[list[Any]] = []

    def add(self, error: RowError) -> None:
        self.count += 1
        self.sheet.write_number(self.count, 0, error.row)
        self.sheet.write_string(self.count, 1, error.column)
        self.sheet.write_string(self.count, 2, error.value)
        self.sheet.write_string(self.count, 3, error.reason)
        if len(self.first) < self.keep:
            self.first.append(list(error))

    def close(self) -> None:
        self.workbook.close()
