"""The paste/upload screen reads the files people have (through the parser's file reader) and
offers to split a text that holds several plans."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.plans.models import Plan
from gonghui.plans.parser import files as plan_files

from .pdf_fixture import text_pdf

pytestmark = pytest.mark.django_db
SEED = Path(__file__).parent / "seed"


def post_file(client, name, data, **extra):
    return client.post(reverse("plans:create"), {"file": SimpleUploadedFile(name, data), **extra})


def test_a_word_schedule_table_comes_out_as_rows(login, world):
    import docx

    document = docx.Document()
    document.add_paragraph("甲村工会2026年工作计划")
    document.add_paragraph("一、工作安排")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("月份", "工作内容", "参与对象"),
            ("三月", "三八节座谈会 女职工健康讲座", "女职工"),
            ("五月", "劳动竞赛", "全体职工"),
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    data = io.BytesIO()
    document.save(data)
    response = post_file(login(world.chair_a), "plan.docx", data.getvalue())
    assert response.status_code == 302
    plan = Plan.objects.get(org=world.union_a)
    assert sorted(plan.items.values_list("month", "text")) == [
        (3, "三八节座谈会"),
        (3, "女职工健康讲座"),
        (5, "劳动竞赛"),
    ]
    assert plan.year == 2026


def test_a_text_pdf_is_read_and_a_scanned_one_gets_a_clear_message(login, world):
    client = login(world.chair_a)
    pdf = text_pdf(
        [
            [
                "乙村工会2026年工作计划",
                "一、工作目标",
                "职工入会率达到95%以上。",
                "二、工作安排",
                "四月份：",
                "1、组织职工春季健步走。",
            ]
        ]
    )
    assert post_file(client, "plan.pdf", pdf).status_code == 302
    plan = Plan.objects.get(org=world.union_a)
    assert list(plan.items.values_list("month", "text")) == [(4, "组织职工春季健步走")]
    assert plan.targets.get().value == 95

    response = post_file(client, "scan.pdf", text_pdf([[], []]))
    assert response.status_code == 422 and "扫描" in response.content.decode()


def test_a_gbk_text_file_is_read(login, world):
    text = "丙村工会2026年工作计划\n一、工作安排\n六月份：\n1、开展安全生产月活动。\n"
    assert post_file(login(world.chair_a), "plan.txt", text.encode("gbk")).status_code == 302
    assert Plan.objects.get(org=world.union_a).items.get().text == "开展安全生产月活动"


def test_a_doc_without_libreoffice_gets_a_chinese_message(login, world, monkeypatch):
    monkeypatch.setattr(plan_files.shutil, "which", lambda name: None)
    response = post_file(login(world.chair_a), "plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old word file")
    assert response.status_code == 422 and "LibreOffice" in response.content.decode()
    assert "另存为" in response.content.decode()


def _collection() -> str:
    return "".join(
        f"村工会工作计划篇{n}\n\n{(SEED / f'{name}.txt').read_text(encoding='utf-8')}\n"
        for n, name in (("一", "01-village"), ("二", "02-school"), ("三", "04-town"))
    )


def test_several_plans_in_one_text_are_offered_split_with_their_titles(login, world):
    client = login(world.chair_a)
    response = client.post(reverse("plans:create"), {"text": _collection()})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="split-offer"' in body
    assert body.count('data-testid="split-part"') == 3
    assert "2011年五音村工会工作计划" in body and "1017年工会工作计划" in body
    assert not Plan.objects.exists()  # nothing is created before the user chooses

    response = client.post(reverse("plans:create"), {"text": _collection(), "split": "parts"})
    assert response.status_code == 302 and response["Location"] == reverse("plans:list")
    plans = Plan.objects.filter(org=world.union_a).order_by("created_at")
    assert plans.count() == 3
    assert plans[0].title == "2011年五音村工会工作计划"
    assert plans[2].items.count() == 27  # the town plan alone, not the 65 items of all three


def test_the_user_may_keep_several_plans_as_one(login, world):
    response = login(world.chair_a).post(reverse("plans:create"), {"text": _collection(), "split": "whole"})
    assert response.status_code == 302
    assert Plan.objects.filter(org=world.union_a).count() == 1


def test_one_plan_goes_straight_to_review(login, world):
    text = (SEED / "04-town.txt").read_text(encoding="utf-8")
    response = login(world.chair_a).post(reverse("plans:create"), {"text": text})
    plan = Plan.objects.get(org=world.union_a)
    assert response["Location"] == reverse("plans:review", args=[plan.pk])
