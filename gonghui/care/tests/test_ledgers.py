"""The ledgers: started as a task, downloaded by the one who started it, holding what they should
(and masking what they should)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from python_calamine import CalamineWorkbook

from gonghui.care import ledgers
from gonghui.care.tests.factories import AidFactory, OnFileCaseFactory, VisitFactory
from gonghui.core.models import SensitiveAccess, TaskProgress

pytestmark = pytest.mark.django_db


def start(client, ledger, org, **data):
    """Start a ledger; in tests the task runs at once, so the page shows it done."""
    page = client.post(reverse(f"care:{ledger}_ledger", args=[org.code]), data, follow=True)
    assert page.status_code == 200 and page.redirect_chain  # post/redirect/get
    progress = page.context["progress"]
    assert progress.status == TaskProgress.Status.DONE, progress.message
    return progress


def download(client, progress):
    response = client.get(progress.result["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response, CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))


def sheet(book, index=0):
    return book.get_sheet_by_index(index).to_python()


def test_visits_register_hides_why_from_those_without_the_care_duty(care, login):
    VisitFactory(org=care.group_a, member=care.patient)
    client = login(care.chair_a)
    page = client.post(reverse("care:visits_ledger", args=[care.union_a.code]), {"year": "2026"}, follow=True)
    assert (
        "2026年走访慰问台帐" in page.content.decode()
        and 'data-testid="task-progress"' in page.content.decode()
    )
    response, book = download(client, page.context["progress"])
    name = f"走访慰问台帐-{care.union_a.name}-2026.xlsx"
    assert response["Content-Disposition"] == ledgers.attachment(name)
    full = sheet(book)
    assert full[1][:6] == ["序号", "走访日期", "会员", "所属组织", "走访人", "走访事由"]
    assert full[2][2] == "王病人" and full[2][5] == "生病住院" and full[2][6] == 500.0
    client = login(care.plain_officer)
    plain = sheet(download(client, start(client, "visits", care.union_a, year="2026"))[1])
    assert "走访事由" not in plain[1] and "王病人" in plain[2]
    assert "胃部手术" not in str(plain)


def test_visits_register_defaults_to_this_year(care, login):
    VisitFactory(org=care.group_a, member=care.patient, visited_on=date.today())
    client = login(care.chair_a)
    progress = start(client, "visits", care.union_a)
    assert progress.done == progress.total == 1
    assert progress.result["filename"] == f"走访慰问台帐-{care.union_a.name}-{date.today().year}.xlsx"


def test_needy_register_full_for_the_chair_and_logged_once(care, login):
    case = OnFileCaseFactory(org=care.group_a, member=care.needy)
    AidFactory(org=care.group_a, case=case, amount=Decimal("800"))
    client = login(care.chair_a)
    progress = start(client, "cases", care.union_a)
    logged = SensitiveAccess.objects.filter(action="export", object_id=str(case.pk))
    assert list(logged.values_list("user", "field", "ip")) == [(care.chair_a.pk, "id_number", "127.0.0.1")]
    response, book = download(client, progress)
    download(client, progress)  # fetching the same file again exports nothing new
    assert logged.count() == 1
    name = f"困难职工建档立卡台帐-{care.union_a.name}.xlsx"
    assert response["Content-Disposition"] == ledgers.attachment(name)
    rows = sheet(book)
    assert rows[0][0] == "困难职工建档立卡台帐"
    row = dict(zip(rows[1], rows[2], strict=True))
    assert row["姓名"] == "李困难" and row["身份证号"] == care.needy.id_number
    assert row["月人均收入(元)"] == 650.0 and row["致困原因"] == "因病、子女就学"
    assert row["累计帮扶(元)"] == 800.0 and row["状态"] == "已建档"


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
    client = login(care.officer_a)
    response, book = download(client, start(client, "aid", care.union_a, year="2026"))
    assert response["Content-Disposition"] == ledgers.attachment(f"帮扶台帐-{care.union_a.name}-2026.xlsx")
    rows = sheet(book)
    assert rows[0][0] == "2026年帮扶台帐"
    assert sorted(r[5] for r in rows[2:4]) == [800.0, 1000.0]
    totals = {r[4]: r[5] for r in rows[4:] if r[4]}
    assert totals == {"生活救助小计": 800.0, "金秋助学小计": 1000.0, "合计": 1800.0}
    assert sheet(book, 1)[2][1:] == ["李困难", care.group_a.name, 1800.0]


def test_only_the_starter_downloads_the_file(care, login):
    OnFileCaseFactory(org=care.group_a, member=care.needy)
    progress = start(login(care.chair_a), "cases", care.union_a)
    # Built with the chair's rights and logged under his name: not for anyone else, however senior.
    for other in (care.officer_a, care.fed_admin, care.chair_b):
        assert login(other).get(progress.result["url"]).status_code == 404


def test_a_bad_year_is_a_chinese_message(care, login):
    client = login(care.officer_a)
    for year in ("abc", "1999", "99999999999999999999"):
        response = client.post(
            reverse("care:aid_ledger", args=[care.union_a.code]), {"year": year}, follow=True
        )
        assert response.status_code == 200
        assert "年份须是 2000 到 2100 之间的整数" in response.content.decode()
    assert not TaskProgress.objects.exists()


def test_ledgers_start_only_by_post_and_within_access(care, login):
    url = reverse("care:cases_ledger", args=[care.union_a.code])
    assert login(care.chair_a).get(url).status_code == 405  # a link prefetch must not export
    assert login(care.plain_officer).post(url).status_code == 403  # no care duty
    assert login(care.chair_b).post(url).status_code == 404
    visits = reverse("care:visits_ledger", args=[care.union_a.code])
    assert login(care.fed_viewer).post(visits).status_code == 403  # roll-ups only
    assert not TaskProgress.objects.exists() and not SensitiveAccess.objects.exists()


def test_a_failed_build_shows_on_the_bar(care, login, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(ledgers, "aid_xlsx", broken)
    page = login(care.officer_a).post(reverse("care:aid_ledger", args=[care.union_a.code]), follow=True)
    progress = TaskProgress.objects.get()
    assert progress.status == TaskProgress.Status.FAILED and "磁盘已满" in progress.message
    assert "生成台帐失败" in page.content.decode()


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
