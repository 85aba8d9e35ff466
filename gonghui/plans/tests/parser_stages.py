"""The parser's stages run one after the other on a small text, for the per-stage tests."""

from gonghui.plans.parser.about import read_about
from gonghui.plans.parser.headings import parse_sections
from gonghui.plans.parser.lines import split_lines
from gonghui.plans.parser.normalise import normalise
from gonghui.plans.parser.schedule import parse_schedule
from gonghui.plans.parser.targets import parse_targets


def lines_of(text: str):
    return split_lines(normalise(text))


def schedule_of(text: str) -> list[dict]:
    lines = lines_of(text)
    _, heading_lines = parse_sections(lines)
    return parse_schedule(lines, heading_lines, read_about(lines, normalise(text))["year"])


def targets_of(text: str) -> list[dict]:
    lines = lines_of(text)
    _, heading_lines = parse_sections(lines)
    return parse_targets(lines, heading_lines, read_about(lines, normalise(text))["year"])


def sections_of(text: str) -> list[dict]:
    return parse_sections(lines_of(text))[0]


def about_of(text: str) -> dict:
    return read_about(lines_of(text), normalise(text))


def schedule(text: str) -> list[tuple]:
    return [(item["month"] or item["period"], item["text"]) for item in schedule_of(text)]


def targets(text: str) -> list[tuple]:
    return [(t["metric"], t["value"], t["unit"], t["comparator"]) for t in targets_of(text)]


def sections(text: str) -> list[tuple]:
    return [(s["level"], s["title"]) for s in sections_of(text)]
