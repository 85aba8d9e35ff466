import json

import pytest

from gonghui.plans.scoring import format_report, normalize_text, score, score_dir


def test_normalisation_drops_punctuation_and_width():
    assert normalize_text("庆“三八”系列活动。") == normalize_text("庆三八系列活动")
    assert normalize_text("区教职工健身运动会（学区组队）") == normalize_text("区教职工健身运动会(学区组队)")
    assert normalize_text("校务公开１００％") == "校务公开100"


def test_schedule_items_match_on_month_or_period_and_text():
    expected = {
        "schedule": [
            {"month": 3, "text": "庆“三八”系列活动"},
            {"month": None, "period": "H1", "text": "读书会"},
        ]
    }
    predicted = {
        "schedule": [
            {"month": 3, "text": "庆三八系列活动。", "category": "festival", "uncertain": True},
            {"month": None, "period": "H2", "text": "读书会"},
        ]
    }
    result = score(predicted, expected)["schedule"]
    assert (result["tp"], result["precision"], result["recall"]) == (1, 0.5, 0.5)


def test_targets_match_on_metric_value_and_comparator_only():
    expected = {
        "targets": [{"text": "a", "metric": "会费收缴", "value": 100, "unit": "%", "comparator": ">="}]
    }
    same = {
        "targets": [{"text": "b", "metric": "会费收缴", "value": 100.0, "unit": None, "comparator": ">="}]
    }
    other = {"targets": [{"text": "a", "metric": "会费收缴", "value": 100, "unit": "%", "comparator": "=="}]}
    assert score(same, expected)["targets"]["f1"] == 1.0
    assert score(other, expected)["targets"]["f1"] == 0.0


def test_sections_match_on_level_and_title():
    expected = {"sections": [{"level": 1, "title": "工作方向"}, {"level": 2, "title": "加强学习"}]}
    predicted = {"sections": [{"level": 1, "title": "工作方向:"}, {"level": 1, "title": "加强学习"}]}
    assert score(predicted, expected)["sections"]["tp"] == 1


def test_duplicates_count_once_per_copy():
    item = {"month": 1, "text": "慰问"}
    result = score({"schedule": [item, item]}, {"schedule": [item]})["schedule"]
    assert (result["precision"], result["recall"]) == (0.5, 1.0)


def test_nothing_expected_and_nothing_found_is_perfect():
    assert score({}, {"schedule": [], "targets": [], "sections": []})["targets"]["f1"] == 1.0
    assert score({"targets": [{"metric": "x", "value": 1, "comparator": ">="}]}, {})["targets"]["f1"] == 0.0


@pytest.fixture
def plan_dir(tmp_path):
    (tmp_path / "a.txt").write_text("一月份：\n1、春节慰问。\n", encoding="utf-8")
    (tmp_path / "a.expected.json").write_text(
        json.dumps({"schedule": [{"month": 1, "text": "春节慰问"}], "targets": [], "sections": []}),
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text("三月份：\n1、三八活动。\n", encoding="utf-8")
    (tmp_path / "b.expected.json").write_text(
        json.dumps({"schedule": [{"month": 3, "text": "三八活动"}, {"month": 4, "text": "植树"}]}),
        encoding="utf-8",
    )
    (tmp_path / "no-annotation.txt").write_text("五月份：\n1、运动会。\n", encoding="utf-8")
    return tmp_path


def test_score_dir_micro_averages_over_annotated_files(plan_dir):
    report = score_dir(plan_dir)
    assert sorted(report["files"]) == ["a", "b"]
    schedule = report["overall"]["schedule"]
    assert (schedule["tp"], schedule["predicted"], schedule["expected"]) == (2, 2, 3)
    assert schedule["recall"] == pytest.approx(2 / 3)


def test_report_ends_with_the_f1_line(plan_dir):
    lines = format_report(score_dir(plan_dir))
    assert lines[-1] == "schedule_f1=0.80 targets_f1=1.00 sections_f1=1.00"
    assert lines[0].startswith("a ")


def test_a_month_range_matches_only_with_all_its_months():
    expected = {"schedule": [{"month": 7, "months": [7, 8], "text": "送清凉"}]}
    same = {"schedule": [{"month": 7, "months": [7, 8], "text": "送清凉。"}]}
    july_only = {"schedule": [{"month": 7, "text": "送清凉"}]}
    assert score(same, expected)["schedule"]["f1"] == 1.0
    assert score(july_only, expected)["schedule"]["f1"] == 0.0


def test_a_range_target_is_one_target_written_either_way():
    between = {
        "targets": [
            {"text": "选送1-2篇论文", "metric": "论文", "value": 1, "value_max": 2, "comparator": "between"}
        ]
    }
    pair = {
        "targets": [
            {"text": "选送1-2篇论文", "metric": "论文", "value": 1, "comparator": ">="},
            {"text": "选送1-2篇论文", "metric": "论文", "value": 2, "comparator": "<="},
        ]
    }
    wider = {
        "targets": [
            {"text": "选送1-3篇论文", "metric": "论文", "value": 1, "value_max": 3, "comparator": "between"}
        ]
    }
    assert score(pair, between)["targets"] == score(between, pair)["targets"]
    assert (score(pair, between)["targets"]["tp"], score(pair, between)["targets"]["predicted"]) == (1, 1)
    assert score(wider, between)["targets"]["f1"] == 0.0


def test_a_lone_lower_bound_is_no_range():
    lower = {"targets": [{"text": "a", "metric": "论文", "value": 1, "comparator": ">="}]}
    between = {"targets": [{"metric": "论文", "value": 1, "value_max": 2, "comparator": "between"}]}
    assert score(lower, between)["targets"]["f1"] == 0.0


def test_score_dir_can_score_a_split(plan_dir):
    assert sorted(score_dir(plan_dir, only=("b",))["files"]) == ["b"]
