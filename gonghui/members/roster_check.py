"""Check a roster's rows in a second process while the importer matches and writes them.

Reading and checking the rows is half of a big import's time and writing them the other half;
in one process they take turns on one core. Here a child process (`python -m
gonghui.members.roster_check PATH OPTIONS`) opens the roster, finds its header, reads and checks
every row, and sends the results over a pipe (gonghui.core.pipes), so the two halves run on two
cores. The rows, their order and their errors are exactly those of `roster.open_roster`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gonghui.core import pipes

from .roster import Roster, RosterError, RowResult, open_roster, unreadable

CHECK_BATCH = 1000
# Below this a child's start-up (a tenth of a second) is not paid back.
CHECK_BESIDE_ABOVE = 1_000_000


def worth_a_process(path: str | os.PathLike) -> bool:
    return os.path.getsize(path) > CHECK_BESIDE_ABOVE


@dataclass
class CheckedRoster(Roster):
    """A roster whose rows were checked by the child: iterating only rebuilds the results."""

    def __iter__(self) -> Iterator[RowResult]:
        self.require_mapping()
        try:
            for number, data, errors in self._rows:
                yield RowResult(number, data, errors)
        except pipes.ChildFailed as exc:
            raise _roster_error(exc) from None
        finally:
            self._rows.close()  # stopped early: the child is ended now, not when collected


def open_roster_beside(
    path: str | os.PathLike,
    *,
    mapping: dict[int, str] | None = None,
    today: dt.date | None = None,
) -> Roster:
    """`roster.open_roster`, with the reading and checking done in a child process."""
    today = today or dt.date.today()
    options = {"mapping": sorted((mapping or {}).items()), "today": today.isoformat()}
    # the helper runs in the project folder: a path relative to ours would name another file there
    items = pipes.items_from_child("gonghui.members.roster_check", os.path.abspath(path), json.dumps(options))
    try:
        header_row, headers, found_mapping = next(items)
    except pipes.ChildFailed as exc:
        raise _roster_error(exc) from None
    return CheckedRoster(
        path=os.fspath(path),
        header_row=header_row,
        headers=headers,
        mapping=found_mapping,
        _rows=items,
        today=today,
    )


def _roster_error(exc: pipes.ChildFailed) -> RosterError:
    if exc.kind == RosterError.__name__:  # a message for the user, as the reader wrote it
        return RosterError(exc.detail)
    return unreadable(exc)


def _checked(path: str, options: dict[str, Any]) -> Iterator[tuple]:
    sheet = open_roster(
        path,
        mapping={int(i): f for i, f in options["mapping"]} or None,
        today=dt.date.fromisoformat(options["today"]),
    )
    yield sheet.header_row, sheet.headers, sheet.mapping
    if sheet.missing_fields:
        return  # the parent reports it before asking for rows
    for result in sheet:
        yield result.row, result.data, result.errors


if __name__ == "__main__":
    pipes.send_to_parent(_checked(sys.argv[1], json.loads(sys.argv[2])), CHECK_BATCH)
