"""Several plans pasted at once are offered split, each read on its own; the review screen shows
each target's current value, on a phone, in real Chromium."""

from pathlib import Path

import pytest

from gonghui.conftest import browser_login
from gonghui.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEED = Path(__file__).resolve().parent / "seed"


def _collection() -> str:
    return "".join(
        f"村工会工作计划篇{n}\n\n{(SEED / f'{name}.txt').read_text(encoding='utf-8')}\n"
        for n, name in (("一", "01-village"), ("二", "02-school"), ("三", "04-town"))
    )


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_paste_several_plans_split_them_and_review_one_on_a_phone(page, world, screenshot):
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "chair_a")
    page.goto(page.base_url + "/plans/new/")
    page.fill("#id_text", _collection())
    page.click("[data-testid=parse]")
    page.wait_for_selector("[data-testid=split-offer]")
    assert page.locator("[data-testid=split-part]").count() == 3
    assert _no_sideways_scroll(page)
    screenshot(page, "plans-split-offer")

    page.click("[data-testid=split-parts]")
    page.wait_for_url("**/plans/list/")
    assert Plan.objects.filter(org=world.union_a).count() == 3
    town = Plan.objects.get(org=world.union_a, title="1017年工会工作计划")
    assert town.items.count() == 27

    page.goto(page.base_url + f"/plans/{town.pk}/review/")
    values = page.locator("[data-testid=current-value]")
    assert values.count() == town.targets.count() > 0
    assert _no_sideways_scroll(page)
    screenshot(page, "plans-review-current-values")
