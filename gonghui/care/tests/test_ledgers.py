"""The ledgers open and hold what they should (and mask what they should)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from python_calamine import CalamineWorkbook

from gonghui.care.tests.factories import AidFactory, OnFileCaseFactory, VisitFactory
from gonghui.core.models import SensitiveAccess

pytestmark = pytest.mark.django_db


def sheet(response, index=0):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(index).to_python()


def test_visits_register_hides_why_from_those_without_the_care_duty(care, login):
    VisitFactory(org=care.group_a, member=care.patient)
    full = sheet(
        login(care.chair_a).get(reverse("care:visits_ledger", args=[care.union_a.code]) + "?year=2026")
    )
    assert full[1][:6] == ["序号", "走访日期", "会员", "所属组织", "走访人", "走访事由"]
    assert full[2][2] == "王病人" and full[2][5] == "生病住院" and full[2][6] == 500.0
    plain = sheet(
        login(care.plain_officer).get(reverse("care:visits_ledger", args=[care.union_a.code]) + "?year=2026")
    )
    assert "走访事由" not in plain[1] and "王病人" in plain[2]
    assert "胃部手术" not in str(plain)


def test_needy_register_full_for_the_chair_and_logged(care, login):
    case = OnFileCaseFactory(org=care.group_a, member=care.needy)
    AidFactory(org=care.group_a, case=case, amount=Decimal("800"))
    rows = sheet(login(care.chair_a).get(reverse("care:cases_ledger", args=[care.union_a.code])))
    assert rows[0][0] == "困难职工建档立卡台帐"
    row = dict(zip(rows[1], rows[2], strict=True))
    assert row["姓名"] == "李困难" and row["身份证号"] == care.needy.id_number
    assert row["月人均收入(元)"] == 650.0 and row["致困原因"] == "因病、子女就学"
    assert row["累计帮扶(元)"] == 800.0 and row["状态"] == "已建档"
    assert SensitiveAccess.objects.filter(user=care.chair_a, action="export", object_id=str(case.pk)).exists()


def test_aid_register_with_totals(care, login):
    case = OnFileCaseFactory(org=care.group_a, member=care.needy)
    AidFactory(org=care.group_a, case=case, amount=Decimal("800"), paid_on=date(2026, 2, 1))
    AidFactory(
        org=care.group_a,
        case=case,
        amount=Decimal("1000"),
        paid_on=date(2026, 9, 1),
        kind="schooling",
        student_school="一中",
        student_grade="高一",
    )
    AidFactory(org=care.group_a, case=case, amount=Decimal("999"), paid_on=date(2025, 9, 1))
    response = login(care.officer_a).get(reverse("care:aid_ledger", args=[care.union_a.code]) + "?year=2026")
    rows = sheet(response)
    assert rows[0][0] == "2026年帮扶台帐"
    assert sorted(r[5] for r in rows[2:4]) == [800.0, 1000.0]
    totals = {r[4]: r[5] for r in rows[4:] if r[4]}
    assert totals == {"生活救助小计": 800.0, "金秋助学小计": 1000.0, "合计": 1800.0}
    assert sheet(response, 1)[2][1:] == ["李困难", care.group_a.name, 1800.0]


def test_case_file_docx(care, login):
    case = OnFileCaseFactory(org=care.group_a, member=care.needy)
    AidFactory(org=care.group_a, case=case, amount=Decimal("800"), paid_on=date(2026, 2, 1))
    response = login(care.chair_a).get(reverse("care:case_docx", args=[case.pk]))
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "困难职工档案" in text and "2026年：1 次，合计 800.00 元" in text
    assert care.needy.id_number in cells and "尿毒症" in " ".join(cells)
    assert "attachment" in response["Content-Disposition"]
