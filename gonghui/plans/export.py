"""The federation table as .xlsx (xlsxwriter in constant-memory mode: rows are written as they come)."""

import io

from gonghui.core.workbooks import workbook
from gonghui.metrics.models import MetricSnapshot
from gonghui.orgs.models import Org, OrgKind
from gonghui.plans.federation import _value, colour

FORMATS = {"success": "#d3f9d8", "warning": "#fff3bf", "danger": "#ffe3e3"}


def federation_xlsx(fed, *, month, columns) -> bytes:
    output = io.BytesIO()
    book = workbook(output, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet("各基层工会")
    bold = book.add_format({"bold": True})
    fills = {name: book.add_format({"bg_color": c}) for name, c in FORMATS.items()}
    header = ["工会", "代码", "单位类型"] + [f"{c.label}({c.unit})" for c in columns]
    sheet.write_row(0, 0, header, bold)
    values = _values(fed, month, columns)
    unions = Org.objects.filter(path__startswith=fed.path, kind=OrgKind.UNION).order_by("path")
    for row, union in enumerate(unions.values_list("pk", "name", "code", "unit_type").iterator(), start=1):
        pk, name, code, unit_type = union
        sheet.write_row(row, 0, [name, code, unit_type])
        for col, column in enumerate(columns, start=3):
            value = values.get((pk, column.key))
            if value is None:
                sheet.write_string(row, col, "无数据")
            else:
                sheet.write_number(row, col, value, fills.get(colour(column, value)))
    sheet.set_column(0, 0, 28)
    book.close()
    return output.getvalue()


def _values(fed, month, columns):
    if month is None:
        return {}
    units = {c.key: c.unit for c in columns}
    rows = (
        MetricSnapshot.objects.of_unions_under(fed)
        .filter(month=month, metric_key__in=units)
        .values_list("org_id", "metric_key", "numerator", "denominator")
    )
    return {(pk, key): _value(num, den, units[key]) for pk, key, num, den in rows.iterator()}
