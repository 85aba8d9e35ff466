"""The roster as .xlsx, streamed: rows are read in chunks and written with
xlsxwriter's constant_memory mode, so a million members never sit in memory."""

from collections.abc import Callable

import xlsxwriter
from django.db.models import Q
from django.http import QueryDict

from gonghui.core import access
from gonghui.core.masking import log_access, mask_id, mask_phone
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
    labels = {
        "gender": dict(Gender.choices),
        "employment_type": dict(EmploymentType.choices),
        "status": dict(MemberStatus.choices),
    }
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("会员名册")
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    fields = [field for _, field, _ in COLUMNS]
    for col, (title, _, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, bold)
    id_col, phone_col = fields.index("id_number"), fields.index("phone")
    row = 0
    # keyset walk in roster order (name_pinyin, id): steady memory, no OFFSET scans on big tables
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
            break
        for values in batch:
            row += 1
            for col, value in enumerate(values[:-2]):
                if value is None or value == "":
                    continue
                if col == id_col:
                    sheet.write_string(row, col, value if full else mask_id(value))
                elif col == phone_col:
                    sheet.write_string(row, col, value if full else mask_phone(value))
                elif hasattr(value, "year"):
                    sheet.write_datetime(row, col, value, date_format)
                else:
                    field = fields[col]
                    sheet.write_string(
                        row, col, labels[field].get(value, value) if field in labels else value
                    )
        after = (batch[-1][-2], batch[-1][-1])
        if on_progress:
            on_progress(row, total)
    workbook.close()
    if full:
        log_access(user, org, "roster_export", action="export")
    return row
