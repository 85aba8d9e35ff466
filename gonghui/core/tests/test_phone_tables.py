"""Lists with more than four columns turn into one card per row below 576 px (table.table-cards in
core/static/core/app.css): at 375 px the roster's names wrapped one character per line."""

import re
from pathlib import Path

import gonghui

TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
HEAD = re.compile(r"<thead>(.*?)</thead>", re.DOTALL)
# Grids that are not lists: the month calendar keeps its seven weekday columns.
NOT_LISTS = {"cal-table"}


def wide_tables():
    for path in sorted(Path(gonghui.__file__).parent.glob("*/templates/**/*.html")):
        for table in TABLE.findall(path.read_text()):
            head = HEAD.search(table)
            if not head or any(name in table.split(">", 1)[0] for name in NOT_LISTS):
                continue
            columns = len(re.findall(r"<th\b", head.group(1)))
            if columns > 4 or "{% for" in head.group(1):  # a loop of columns: as many as there are metrics
                yield path, table


def test_every_list_wider_than_four_columns_becomes_cards_on_a_phone():
    found = list(wide_tables())
    assert len(found) >= 10, "the template scan found too few wide tables: has the markup changed?"
    missing = [str(path) for path, table in found if "table-cards" not in table.split(">", 1)[0]]
    assert not missing, f"add class table-cards to these lists: {missing}"


def test_the_card_pattern_is_in_core_static():
    static = Path(gonghui.__file__).parent / "core" / "static" / "core"
    css, js = (static / "app.css").read_text(), (static / "app.js").read_text()
    assert "table.table-cards" in css and "max-width: 575.98px" in css
    assert "data-label" in js
