"""Roster import, end to end (read, validate, write), against a floor and a peer, in one run.

    python bench/bench_members_import.py                      # 100k rows, .xlsx, SQLite + PostgreSQL
    python bench/bench_members_import.py --rows 1000000 --db sqlite --format csv
    python bench/bench_members_import.py --rows 10000 --no-peer

- ours:  `gonghui.members.importer.import_file(..., commit=True, skip_errors=True)`:
         a helper process reads (calamine, csv, or the streaming reader for huge sheets),
         normalises and validates; this one looks the people up (one query per 5,000-row batch)
         and writes (executemany on SQLite / binary COPY on PostgreSQL).
- floor: the same file read with calamine (csv module for .csv), the same rows written with one
         plain `executemany` (SQLite) or binary `COPY` (PostgreSQL) into a table with the members
         table's columns and indexes; no validation, no lookups.
- peer:  django-import-export 4 (installed for the benchmark only, not a project dependency)
         importing the first 20,000 rows with use_bulk=True, skip_diff=True, batch_size=1000.

Every contender runs in its own process on a fresh database; peak RSS is that process's.
Needs PostgreSQL at $BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/gh_bench; this one uses gh_bench_import).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.members_setup import (  # noqa: E402
    TreePeak,
    bench_union,
    database_env,
    ensure_roster,
    fresh_database,
    machine,
    run_child,
    setup_django,
)

PEER_ROWS = 20_000


def raw_rows(path: str):
    """(header, rows) of a generated roster, read with calamine (.xlsx) or csv: the title rows
    are skipped by position, as the generator wrote them (no header search, no validation)."""
    if path.endswith(".csv"):
        import csv

        rows = csv.reader(open(path, encoding="utf-8-sig", newline=""))  # noqa: SIM115
        next(rows)  # title
    else:
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).iter_rows()
        next(rows)  # title
        next(rows)  # subtitle
    return [str(h) for h in next(rows)], rows


# ---------------------------------------------------------------- children


def child_ours(path: str) -> dict:
    setup_django()
    union = bench_union()
    from gonghui.members.importer import import_file

    with TreePeak() as memory:
        started = time.perf_counter()
        outcome = import_file(path, org=union, commit=True, skip_errors=True)
        seconds = time.perf_counter() - started
    from gonghui.members.models import Member

    assert Member.objects.count() == outcome.counts.created
    # big files are read and checked in a helper process (and huge sheets parsed in another)
    return {
        "seconds": seconds,
        "rows": outcome.counts.rows,
        **outcome.counts.as_dict(),
        "tree_peak_mb": memory.mb,
    }


def _floor_table(cursor, vendor: str) -> list[str]:
    """A twin of members_member: same columns, indexes and foreign keys. (Its rows keep the sheet's
    raw status text, so the partial unique index on active members never refuses one.)"""
    from gonghui.members.models import Member

    table = Member._meta.db_table
    if vendor == "postgresql":
        cursor.execute(f"CREATE TABLE floor_member (LIKE {table} INCLUDING ALL)")  # columns, indexes, checks
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        for (definition,) in cursor.fetchall():  # and the same foreign keys
            cursor.execute(f"ALTER TABLE floor_member ADD {definition.replace(table, 'floor_member')}")
    else:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
        cursor.execute(cursor.fetchone()[0].replace(f'"{table}"', '"floor_member"', 1))
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = %s AND type = 'index' AND sql IS NOT NULL",
            [table],
        )
        for (sql,) in cursor.fetchall():
            sql = sql.replace(f'ON "{table}"', 'ON "floor_member"')
            cursor.execute(sql.replace('INDEX "', 'INDEX "floor_', 1))
    return [f.column for f in Member._meta.concrete_fields]


def child_floor(path: str) -> dict:
    setup_django()
    union = bench_union()
    from django.db import connection, transaction

    vendor = connection.vendor
    with connection.cursor() as cursor:
        columns = _floor_table(cursor, vendor)
    # sheet column → table column, by position in the generated roster (no header search)
    sheet_cols = {
        "name": 1, "gender": 2, "ethnicity": 3, "id_number": 5, "education": 6, "political_status": 7,
        "employment_type": 8, "phone": 9, "member_number": 11, "status": 13,
    }  # fmt: skip
    from gonghui.members.models import Member

    lengths = {f.column: f.max_length for f in Member._meta.concrete_fields if f.max_length}
    nullable = {f.column: f.null for f in Member._meta.concrete_fields}
    # Our rows carry derived search columns; the floor fills them with cheap stand-ins of the same
    # shape (raw name, its first characters, the reversed raw ID) so the indexes do the same work.
    derived = {
        "name_pinyin": lambda v: v[:200],
        "name_initials": lambda v: v[:2],
        "id_number_reversed": lambda v: v[::-1][:18],
    }
    derived_from = {"name_pinyin": "name", "name_initials": "name", "id_number_reversed": "id_number"}
    now = dt.datetime.now(dt.UTC)
    pg = vendor == "postgresql"
    # Each record is a template of the constant columns with the row's cells dropped into their
    # places: the least Python per row that fills every column.
    template, cuts, stand_ins = [], [], []
    for position, column in enumerate(columns):
        if column in ("created_at", "updated_at"):
            template.append(now if pg else now.isoformat())
        elif column == "org_id":
            template.append(union.pk)
        elif column == "id" or nullable[column]:  # the key is set per row; the rest stay NULL
            template.append(None)
        else:
            template.append("")
        if column in sheet_cols:  # raw text, cut to the column's length (PostgreSQL checks it)
            cuts.append((position, sheet_cols[column], lengths[column]))
        elif column in derived:  # the same columns filled, without computing pinyin
            stand_ins.append((position, sheet_cols[derived_from[column]], derived[column]))
    key = columns.index("id")
    started = time.perf_counter()
    _, rows = raw_rows(path)

    def records():
        for cells in rows:
            record = template.copy()
            record[key] = uuid.uuid4() if pg else uuid.uuid4().hex
            for position, cell, length in cuts:
                record[position] = str(cells[cell])[:length]
            for position, cell, stand_in in stand_ins:
                record[position] = stand_in(str(cells[cell]))
            yield record

    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        names = ", ".join(columns)
        if pg:
            # binary, as ours: the server parses no text
            cursor.execute(
                "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = 'floor_member'::regclass AND attnum > 0"
            )
            oids = dict(cursor.fetchall())
            with cursor.cursor.copy(f"COPY floor_member ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types([oids[c] for c in columns])
                for record in records():
                    copy.write_row(record)
                    count += 1
        else:
            batch = list(records())
            count = len(batch)
            cursor.executemany(
                f"INSERT INTO floor_member ({names}) VALUES ({', '.join(['%s'] * len(columns))})", batch
            )
    return {"seconds": time.perf_counter() - started, "rows": count}


def child_peer(path: str, rows: int) -> dict:
    setup_django()
    union = bench_union()
    import tablib
    from import_export import fields, resources

    from gonghui.members.models import Member

    headers = {
        "姓名": "name", "性别": "gender", "民族": "ethnicity", "身份证号码": "id_number", "文化程度": "education",
        "政治面貌": "political_status", "用工形式": "employment_type", "联系电话": "phone", "会员证号": "member_number",
        "状态": "status",
    }  # fmt: skip

    class MemberResource(resources.ModelResource):
        # the sheet's Chinese headers, declared as import-export expects
        name = fields.Field(attribute="name", column_name="姓名")
        gender = fields.Field(attribute="gender", column_name="性别")
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族")
        id_number = fields.Field(attribute="id_number", column_name="身份证号码")
        education = fields.Field(attribute="education", column_name="文化程度")
        political_status = fields.Field(attribute="political_status", column_name="政治面貌")
        employment_type = fields.Field(attribute="employment_type", column_name="用工形式")
        phone = fields.Field(attribute="phone", column_name="联系电话")
        member_number = fields.Field(attribute="member_number", column_name="会员证号")
        status = fields.Field(attribute="status", column_name="状态")

        class Meta:
            model = Member
            fields = tuple(headers.values())
            import_id_fields = ("id_number",)
            use_bulk = True
            skip_diff = True
            batch_size = 1000

        def before_save_instance(self, instance, row, **kwargs):
            instance.org_id = union.pk

    started = time.perf_counter()
    header, sheet = raw_rows(path)
    data = tablib.Dataset(headers=header)
    for n, cells in enumerate(sheet):
        if n >= rows:
            break
        data.append([c if isinstance(c, str) else str(c) for c in cells])
    result = MemberResource().import_data(data, dry_run=False, use_transactions=True, raise_errors=False)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows": len(data),
        "errors": len(result.row_errors()) + len(result.base_errors),
    }


# ---------------------------------------------------------------- parent


def fmt_rate(result: dict) -> float:
    return result["rows"] / result["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--format", default="xlsx", choices=["xlsx", "csv"])
    parser.add_argument("--peer-rows", type=int, default=PEER_ROWS)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--child", nargs="*")
    args = parser.parse_args()
    if args.child:
        kind, path, *rest = args.child
        result = {"ours": child_ours, "floor": child_floor}.get(kind)
        out = result(path) if result else child_peer(path, int(rest[0]))
        print(json.dumps(out))
        return

    if not args.no_peer and importlib.util.find_spec("import_export") is None:
        print("django-import-export is not installed: no peer run (make bench-members installs it)")
        args.no_peer = True
    path = ensure_roster(args.rows, args.format)
    print(f"machine: {machine()}")
    print(f"file: {path.name} ({path.stat().st_size / 1e6:.1f} MB), {args.rows} rows")
    summary = {}
    for db in args.db.split(","):
        runs = {}
        for kind in ("floor", "ours", "peer"):
            if kind == "peer" and args.no_peer:
                continue
            name = f"import_{kind}_{db}"
            fresh_database(db, name)
            child_args = [kind, str(path)]
            if kind == "peer":
                child_args.append(str(args.peer_rows))
            runs[kind] = run_child(Path(__file__), child_args, database_env(db, name))
            r = runs[kind]
            print(
                f"  {db:8} {kind:5}: {r['rows']:>8} rows in {r['seconds']:7.2f} s = {fmt_rate(r):9.0f} rows/s, "
                f"peak {r['peak_mb']} MB"
                + (f" (with its helper processes {r['tree_peak_mb']} MB)" if r.get("tree_peak_mb") else "")
                + (f", {r.get('errors')} errors" if "errors" in r else ""),
                flush=True,
            )
        ours = fmt_rate(runs["ours"])
        line = f"  {db}: ours/floor = {ours / fmt_rate(runs['floor']):.2f}"
        if "peer" in runs:
            peer = fmt_rate(runs["peer"])
            line += f", ours/peer = {ours / peer:.1f}x"
            # what the floor itself (no validation at all) reaches against the peer: the most any
            # importer writing this table could
            line += f"; floor/peer = {fmt_rate(runs['floor']) / peer:.1f}x"
        print(line)
        summary[db] = {k: {**v, "rows_per_s": round(fmt_rate(v))} for k, v in runs.items()}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
