"""The roster as .xlsx, streamed: rows are read in chunks and written by a second process with
xlsxwriter's constant_memory mode (gonghui.core.sheet_beside), so a million members never sit in
memory and the database reads overlap with the writing."""

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from django.db.models import Q
from django.http import QueryDict

from gonghui.core import access
from gonghui.core.masking import log_access, mask_id, mask_phone
from gonghui.core.sheet_beside import SheetBeside
from gonghui.members.forms import RosterFilterForm
from gonghui.members.models import EmploymentType, Gender, Member, MemberStatus
from gonghui.orgs.models import Org

COLUMNS = [
    ("姓名", "name", 10),
    ("性别", "gender", 5),
    ("身份证号", "id_number", 21),
    ("出生日期", "birth_date", 11),
    ("手机号", "phone", 13),
    ("民族", "ethnicity", 8),
    ("学历", "education", 10),
    ("政治面貌", "political_status", 10),
    ("用工形式", "employment_type", 9),
    ("入会日期", "join_date", 11),
    ("会员证号", "member_number", 14),
    ("所属组织", "org__name", 16),
    ("状态", "status", 6),
]
CHUNK = 5000


def roster_queryset(user, org: Org, params: dict):
    form = RosterFilterForm(QueryDict(mutable=True) if not params else _querydict(params), org=org)
    members = access.scope(user, Member.objects.in_subtree(org))
    return form.apply(members)


def _querydict(params: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    return data


def write_roster(
    path: str, *, user, org: Org, params: dict, on_progress: Callable[[int, int], None] | None = None
) -> int:
    """Write the filtered roster the user may see; ID and phone masked unless the user may see
    them in full, in which case the export is logged as a sensitive access."""
    members = roster_queryset(user, org, params)
    full = access.can(user, access.SENSITIVE, org)
    total = members.count()  # once per export, for the progress bar
    fields = [field for _, field, _ in COLUMNS]
    converters = _cell_converters(fields, masked=not full)
    columns = [(title, width) for title, _, width in COLUMNS]
    row = 0
    with SheetBeside(path, sheet_name="会员名册", columns=columns) as sheet:
        for batch in _keyset_chunks(members, fields):
            for values in batch:
                cells = list(values)
                for col, convert in converters:
                    cells[col] = convert(cells[col])
                sheet.add_row(cells)
            row += len(batch)
            if on_progress:
                on_progress(row, total)
    if full:
        log_access(user, org, "roster_export", action="export")
    return row


def _cell_converters(fields: list[str], *, masked: bool) -> list[tuple[int, Callable[[Any], Any]]]:
    """(column, how its database value becomes a cell) for the columns that are not shown as stored."""
    labels = {
        "gender": dict(Gender.choices),
        "employment_type": dict(EmploymentType.choices),
        "status": dict(MemberStatus.choices),
    }
    converters = [(fields.index(f), partial(_label, names)) for f, names in labels.items()]
    if masked:
        converters += [(fields.index("id_number"), partial(_mask, mask_id))]
        converters += [(fields.index("phone"), partial(_mask, mask_phone))]
    return converters


def _label(names: dict[str, str], code: str) -> str:
    return names.get(code, code)


def _mask(mask: Callable[[str], str], value: str) -> str:
    return mask(value) if value else value


def _keyset_chunks(members, fields: list[str]) -> Iterator[list[tuple]]:
    """The rows' `fields` in roster order (name_pinyin, id), CHUNK rows per query: steady memory,
    and no OFFSET scans on big tables."""
    after = None
    while True:
        chunk = members.order_by("name_pinyin", "id")
        if after:
            # `>=` bounds the index range; the OR alone would be a scan from the start each chunk
            chunk = chunk.filter(name_pinyin__gte=after[0]).filter(
                Q(name_pinyin__gt=after[0]) | Q(name_pinyin=after[0], id__gt=after[1])
            )
        batch = list(chunk.values_list(*fields, "name_pinyin", "id")[:CHUNK])
        if not batch:
            return
        after = batch[-1][-2:]
        yield [values[:-2] for values in batch]
