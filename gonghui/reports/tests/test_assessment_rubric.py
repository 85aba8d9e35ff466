"""Rubrics as data: the shipped ones add up, and every kind of bad rubric is refused in Chinese."""

import copy
from decimal import Decimal

import pytest

from gonghui.reports.assessment import rubric as rules
from gonghui.reports.assessment.services import shipped_rubrics

BANDS = [{"min": 95, "points": 10}, {"min": 90, "max": 95, "points": 8}, {"max": 90, "points": 0}]


def small(**changes):
    data = {
        "title": "测试细则",
        "total": 20,
        "sections": [
            {
                "title": "一、组织建设",
                "items": [
                    {
                        "title": "入会率",
                        "max_points": 10,
                        "rule": {"kind": "threshold", "metric": "members.membership_rate", "bands": BANDS},
                    },  # fmt: skip
                    {
                        "title": "会员名册",
                        "max_points": 10,
                        "required": True,
                        "rule": {"kind": "ledger", "ledger": "members.roster"},
                    },  # fmt: skip
                ],
            }
        ],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("key", ["model_home", "county_annual"])
def test_shipped_rubrics_add_up_to_100_with_required_items(key):
    data = shipped_rubrics()[key]
    assert rules.check_rubric(data).problems == []
    assert rules.number(data["total"]) == 100
    items = [item for section in data["sections"] for item in section["items"]]
    assert any(item.get("required") for item in items)
    assert {item["rule"]["kind"] for item in items} >= {"threshold", "ledger", "evidence_count", "manual"}


def test_points_not_adding_up_to_the_total():
    problems = rules.check_rubric(small(total=100)).problems
    assert problems == ["各项分值合计 20 分，与声明的总分 100 分不符，请调整分值或总分。"]


def test_a_gap_between_bands():
    bands = [{"min": 95, "points": 10}, {"min": 80, "max": 90, "points": 8}, {"max": 80, "points": 0}]
    problems = rules.band_problems({"bands": bands}, Decimal(10))
    assert problems == ["分档有空缺：90 至 95 之间的值没有对应得分，请补齐。"]


def test_overlapping_bands():
    bands = [{"min": 90, "points": 10}, {"min": 80, "max": 95, "points": 8}, {"max": 80, "points": 0}]
    problems = rules.band_problems({"bands": bands}, Decimal(10))
    assert len(problems) == 1 and problems[0].startswith("分档有重叠")


def test_bands_must_reach_zero_and_have_no_top():
    assert rules.band_problems({"bands": [{"min": 60, "points": 5}]}, Decimal(5)) == [
        "分档有空缺：低于 60 的值没有对应得分，请补上最低一档。"
    ]
    problems = rules.band_problems({"bands": [{"max": 60, "points": 0}]}, Decimal(5))
    assert problems == ["分档有空缺：60 及以上的值没有对应得分，请补上最高一档。"]


def test_a_band_worth_more_than_the_item():
    problems = rules.band_problems({"bands": [{"points": 12}]}, Decimal(10))
    assert problems == ["分档 任意值 得 12 分，应在 0 到满分 10 分之间。"]


def test_problems_name_the_item():
    data = small()
    data["sections"][0]["items"][0]["rule"]["bands"] = BANDS[:1]
    assert rules.check_rubric(data).problems[0].startswith("第1部分第1项「入会率」：分档有空缺")


def test_bad_rules_and_counts():
    data = copy.deepcopy(small())
    data["sections"][0]["items"][1]["rule"] = {
        "kind": "evidence_count",
        "evidence": "democracy.session",
        "at_least": 0,
    }
    assert "“记录数达标”的最少条数应为正整数。" in rules.check_rubric(data).problems[0]
    data["sections"][0]["items"][1]["rule"] = {"kind": "guess"}
    assert "评分方式应为" in rules.check_rubric(data).problems[0]


def test_band_points_pick_one_band():
    rule = {"bands": BANDS}
    assert rules.band_points(rule, 95) == 10
    assert rules.band_points(rule, 94.9) == 8
    assert rules.band_points(rule, 90) == 8
    assert rules.band_points(rule, 0) == 0
    assert rules.band_points(rule, None) is None


def test_score_rule_for_counts():
    ledger = {"kind": "ledger", "ledger": "members.roster"}
    assert rules.score_rule(ledger, Decimal(3), {"count": 1}) == 3
    assert rules.score_rule(ledger, Decimal(3), {"count": 0}) == 0
    counted = {"kind": "evidence_count", "evidence": "activities.activity", "at_least": 4}
    assert rules.score_rule(counted, Decimal(8), {"count": 3}) == 0
    assert rules.score_rule(counted, Decimal(8), {"count": 4}) == 8
    assert rules.score_rule({"kind": "manual"}, Decimal(8), {}) is None


def test_rule_text():
    assert rules.rule_text({"kind": "threshold", "metric": "m", "bands": BANDS}, {"m": "入会率"}) == (
        "入会率：≥95 得10分；90～95（不含） 得8分；<90 得0分"
    )


def test_a_rule_on_a_source_no_module_has_registered_reads_in_chinese_not_its_key():
    # The crawl found 「democracy.session」 on the scoring sheet before the democracy module was built.
    for rule in [
        {"kind": "threshold", "metric": "unbuilt.rate", "bands": BANDS},
        {"kind": "ledger", "ledger": "unbuilt.minutes"},
        {"kind": "evidence_count", "evidence": "unbuilt.session", "at_least": 2},
    ]:
        text = rules.rule_text(rule, {})
        assert "unbuilt" not in text and rules.UNREGISTERED_SOURCE in text


def test_an_unregistered_source_asks_for_hand_scoring_without_naming_its_key():
    from gonghui.reports.assessment import scoring

    for kind, key in [("threshold", "metric"), ("ledger", "ledger"), ("evidence_count", "evidence")]:

        class Item:
            rule = {"kind": kind, key: "unbuilt.session"}

        facts = scoring.item_facts(Item(), org=None, year=2026, today=None)
        assert "unbuilt" not in facts["missing"] and "手工评分" in facts["missing"]
