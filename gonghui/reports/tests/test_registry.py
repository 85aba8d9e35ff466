"""The registries: every registered ledger builds on fixtures, every evidence type links and shows."""

import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve

from gonghui.plans import services as plan_services
from gonghui.reports import registry
from gonghui.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db


def text_of(path) -> str:
    """All the XML text of an .xlsx or .docx (both are zip files)."""
    with zipfile.ZipFile(path) as book:
        assert "[Content_Types].xml" in book.namelist()
        return "".join(book.read(n).decode("utf-8", "ignore") for n in book.namelist() if n.endswith(".xml"))


# What every app registers today; a new module adds its own and these stay.
EVIDENCE_KEYS = {"activities.activity", "care.visit", "care.aid", "care.case_step", "dues.import"}
LEDGER_KEYS = {
    "activities.ledger",
    "care.visits",
    "care.cases",
    "care.aid",
    "dues.payments",
    "members.roster",
}


def test_the_apps_register_themselves():
    assert {kind.key for kind in registry.evidence_types()} >= EVIDENCE_KEYS
    assert {item.key for item in registry.ledgers()} >= LEDGER_KEYS
    assert registry.evidence_type("activities.activity").label == "活动"
    with pytest.raises(KeyError):
        registry.evidence_type("nope.nothing")
    with pytest.raises(KeyError):
        registry.ledger("nope")


def test_ledgers_come_in_the_order_of_the_books_and_name_a_book():
    books = [item.book for item in registry.ledgers()]
    known = registry.BOOKS + registry.OTHER_BOOKS
    assert all(book in known for book in books)
    assert books == sorted(books, key=known.index)
    assert len(registry.BOOKS) == 13 and len(set(registry.BOOKS)) == 13  # 七簿 + 三档 + 三册


def test_a_ledger_must_name_a_book_and_a_known_format():
    fields = {
        "key": "x.y",
        "title": "测试",
        "required": False,
        "count": lambda orgs, year: 0,
        "build": lambda **kw: None,
    }
    with pytest.raises(ValueError, match="七簿三档三册"):
        registry.register_ledger(book="流水账", formats=("xlsx",), **fields)
    with pytest.raises(ValueError, match="formats"):
        registry.register_ledger(book="活动登记簿", formats=("pdf",), **fields)
    assert "x.y" not in {item.key for item in registry.ledgers()}


@pytest.mark.parametrize("key", sorted(LEDGER_KEYS))
def test_every_ledger_counts_and_builds(world, records, key, tmp_path):
    ledger = registry.ledger(key)
    orgs = world.union_a.subtree()
    assert ledger.count(orgs, YEAR) >= 1
    assert ledger.count(orgs, YEAR - 20) == 0  # before anyone joined
    for fmt in ledger.formats:
        for by in (None, world.chair_a):
            out = tmp_path / f"{key}-{by}.{fmt}"
            ledger.build(orgs=orgs, year=YEAR, fmt=fmt, out=out, by=by)
            assert "乙校" not in text_of(out)  # union B's rows stay out


def test_the_activity_ledger_holds_the_year_only(world, records, tmp_path):
    out = tmp_path / "a.xlsx"
    registry.ledger("activities.ledger").build(orgs=world.union_a.subtree(), year=YEAR, fmt="xlsx", out=out)
    text = text_of(out)
    assert "三八节趣味运动会" in text and "去年的活动" not in text


def test_personal_columns_are_masked_without_the_right(world, records, tmp_path):
    ledger = registry.ledger("members.roster")
    full, masked = tmp_path / "full.xlsx", tmp_path / "masked.xlsx"
    ledger.build(orgs=world.union_a.subtree(), year=YEAR, fmt="xlsx", out=full, by=world.chair_a)
    ledger.build(orgs=world.union_a.subtree(), year=YEAR, fmt="xlsx", out=masked, by=None)
    number = records.member.id_number
    assert number in text_of(full) and number not in text_of(masked)


@pytest.mark.parametrize("key", sorted(EVIDENCE_KEYS))
def test_every_evidence_type_links_and_shows(login, world, records, key):
    kind = registry.evidence_type(key)
    found = registry.evidence_records(key, world.union_a.subtree(), YEAR)
    assert found.count() >= 1
    assert not registry.evidence_records(key, world.union_a.subtree(), YEAR - 5).exists()
    record = found.first()
    assert kind.search(found, "zzz-不会有").count() == 0
    evidence = plan_services.link_evidence(item=records.item, record=record, by=world.chair_a)
    assert evidence.evidence_key == key and evidence.describe().startswith(f"{kind.label}：")
    assert "王困难" not in evidence.describe()  # lists name nobody in full
    url = evidence.url()
    assert resolve(url)  # a real page of the app
    assert login(world.chair_a).get(url).status_code == 200


def test_union_b_records_cannot_prove_union_a_items(world, records):
    foreign = registry.evidence_records("care.visit", world.union_b.subtree(), YEAR).get()
    with pytest.raises(ValidationError):
        plan_services.link_evidence(item=records.item, record=foreign, by=world.chair_a)


def test_done_traced_rate(world, records):
    from datetime import date

    from gonghui.metrics.registry import compute

    plan_services.link_evidence(item=records.item, record=records.activity, by=world.chair_a)
    plan_services.mark_item_done(item=records.item, by=world.chair_a)
    other = records.plan.items.create(org=world.union_a, month=4, text="迎接上级检查")
    plan_services.mark_item_done(
        item=other, reason="检查记录由区总工会留存，本会没有另行形成材料。", by=world.chair_a
    )
    value = compute("reports.done_traced_rate", world.union_a, date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert (value.numerator, value.denominator) == (1, 2)  # the reason is done, not traced
    before = compute("reports.done_traced_rate", world.union_a, date(YEAR, 1, 1), date(YEAR, 3, 31))
    assert (before.numerator, before.denominator) == (1, 1)  # April's item was not due yet
