"""A round's results as .xlsx: every union × every item, with totals, 必备 failures, pass and rank."""

from io import BytesIO

from gonghui.core.workbooks import workbook
from gonghui.reports.assessment.models import ItemScore


def round_xlsx(round_) -> bytes:
    items = list(round_.rubric.items_in_order())
    assessments = list(round_.assessments.ranked())
    scores = {
        (s.assessment_id, s.item_id): s
        for s in ItemScore.objects.filter(assessment__round=round_).select_related("item")
    }
    out = BytesIO()
    # Union names and comments are user text: never let a leading "=" become a formula.
    book = workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1, "text_wrap": True})
    sheet = book.add_worksheet("考核结果")
    header = [
        "名次",
        "工会",
        "状态",
        "自评分",
        *[f"{i.title}（{i.max_points.normalize():f}）" for i in items],
    ]
    header += ["考核分", "未达标必备项", "结果"]
    sheet.write_row(0, 0, header, bold)
    for row, assessment in enumerate(assessments, start=1):
        cells = [
            assessment.rank or "",
            assessment.org.name,
            assessment.get_status_display(),
            _n(assessment.self_total),
        ]
        cells += [
            _n(scores[(assessment.pk, i.pk)].final_points) if (assessment.pk, i.pk) in scores else ""
            for i in items
        ]
        cells += [_n(assessment.final_total), "、".join(assessment.missed_required), _result(assessment)]
        sheet.write_row(row, 0, cells)
    sheet.freeze_panes(1, 2)
    sheet.set_column(1, 1, 24)
    book.close()
    return out.getvalue()


def _n(value):
    return "" if value is None else float(value)


def _result(assessment):
    if assessment.passed is None:
        return "未发布"
    if assessment.rank is None:
        return "未提交"
    return "合格" if assessment.passed else "不合格"
