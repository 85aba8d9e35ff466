"""Members in the reports registries: the roster is the 会员名册."""

import datetime as dt

from django.db.models import Q

from gonghui.core import access
from gonghui.core.masking import log_access
from gonghui.core.sheet_beside import SheetBeside
from gonghui.members.export import COLUMNS, _cell_converters, _keyset_chunks
from gonghui.members.models import Member
from gonghui.reports.registry import may, register_ledger, root_of, scoped


def _members(orgs, year):
    # The roster as it stands, of those who had joined by the year's end: a member who left is off
    # the roster, as on paper. No join date recorded counts as on the roster.
    joined = Q(join_date__isnull=True) | Q(join_date__lte=dt.date(year, 12, 31))
    return Member.objects.in_orgs(orgs).active().filter(joined)


def _build(*, orgs, year, fmt, out, by=None):
    members = scoped(by, _members(orgs, year))
    full = may(by, access.SENSITIVE, root_of(orgs))
    fields = [field for _, field, _ in COLUMNS]
    converters = _cell_converters(fields, masked=not full)
    with SheetBeside(
        out, sheet_name="会员名册", columns=[(title, width) for title, _, width in COLUMNS]
    ) as sheet:
        for batch in _keyset_chunks(members, fields):
            for values in batch:
                cells = list(values)
                for col, convert in converters:
                    cells[col] = convert(cells[col])
                sheet.add_row(cells)
    if full:
        log_access(by, root_of(orgs), "roster_export", action="export")


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
