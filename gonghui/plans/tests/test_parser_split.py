"""Several plans in one pasted text: found and offered apart, each with its title."""

from pathlib import Path

from gonghui.plans.parser import normalise, parse_plan, split_plans

SEED = Path(__file__).parent / "seed"


def seed_text(name: str) -> str:
    return (SEED / f"{name}.txt").read_text(encoding="utf-8")


def test_parts_numbered_pian_are_split_with_their_titles():
    text = normalise(
        "2023年村工会工作计划(大全3篇)\n\n"
        + "".join(
            f"工会工作目标 村工会工作计划篇{n}\n\n{seed_text(name)}\n"
            for n, name in (("一", "01-village"), ("二", "02-school"), ("三", "04-town"))
        )
    )
    parts = split_plans(text)
    assert [p["title"] for p in parts] == [
        "2011年五音村工会工作计划",
        "工会工作目标 村工会工作计划",
        "1017年工会工作计划",
    ]
    # each part reads as the plan alone does
    assert (
        len(parse_plan(parts[2]["text"])["schedule"])
        == len(parse_plan(seed_text("04-town"))["schedule"])
        == 27
    )
    assert parse_plan(parts[1]["text"])["sections"] == parse_plan(seed_text("02-school"))["sections"]


def test_plans_one_after_another_are_split_at_their_title_lines():
    body = "一、指导思想\n以服务职工为宗旨。\n二、工作安排\n三月份：\n1、庆三八活动。\n2、植树。\n"
    text = "东风小学工会2024年工作计划\n" + body + "\n青石镇总工会2024年工作要点\n" + body
    assert [p["title"] for p in split_plans(text)] == [
        "东风小学工会2024年工作计划",
        "青石镇总工会2024年工作要点",
    ]


def test_one_plan_stays_whole_even_with_a_title_like_line_inside():
    text = seed_text("04-town")
    assert split_plans(text) == [{"title": parse_plan(text)["title"], "text": text}]
    short = "2024年工作计划\n一、目标\n为此特制定2024年工会工作计划\n二、措施\n"
    assert len(split_plans(short)) == 1  # parts too short to be plans
