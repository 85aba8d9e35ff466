"""Members in the reports registries: the roster is the 会员名册."""

import datetime as dt
import itertools

from django.db.models import Q

from gonghui.core import access
from gonghui.core.masking import log_access
from gonghui.core.sheet_beside import SheetBeside, write_workbook
from gonghui.members.export import COLUMNS, _cell_converters, _keyset_chunks
from gonghui.members.models import Member
from gonghui.reports.registry import may, register_ledger, root_of, scoped


def _members(orgs, year):
    # The roster as it stands, of those who had joined by the year's end: a member who left is off
    # the roster, as on paper. No join date recorded counts as on the roster.
    joined = Q(join_date__isnull=True) | Q(join_date__lte=dt.date(year, 12, 31))
    return Member.objects.in_orgs(orgs).active().filter(joined)


# Up to this many members the roster is written in this process; a bigger one goes to the
# SheetBeside helper (a second process: database reads and xlsx writing overlap, memory stays flat),
# whose start-up would otherwise dominate a binder of a thousand small unions.
IN_PROCESS = 20_000


def _rows(members, converters, fields):
    for batch in _keyset_chunks(members, fields):
        for values in batch:
            cells = list(values)
            for col, convert in converters:
                cells[col] = convert(cells[col])
            yield cells


def _build(*, orgs, year, fmt, out, by=None):
    members = scoped(by, _members(orgs, year))
    root = root_of(orgs)
    full = may(by, access.SENSITIVE, root)
    fields = [field for _, field, _ in COLUMNS]
    rows = _rows(members, _cell_converters(fields, masked=not full), fields)
    columns = [(title, width) for title, _, width in COLUMNS]
    if members.count() <= IN_PROCESS:
        write_workbook(str(out), itertools.chain([("会员名册", columns)], rows))
    else:
        with SheetBeside(out, sheet_name="会员名册", columns=columns) as sheet:
            for cells in rows:
                sheet.add_row(cells)
    if full:
        log_access(by, root, "roster_export", action="export")


register_ledger(
    key="members.roster",
    title="会员名册",
    book="会员名册",
    required=True,
    formats=("xlsx",),
    count=lambda orgs, year: _members(orgs, year).count(),
    build=_build,
    rows_per_page=40,
    sensitive=True,
)
