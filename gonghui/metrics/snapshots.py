"""Build MetricSnapshot rows for every union, then roll them up to every federation above it.

Each metric is computed once per *unit* (or once for all units when the metric registers a grouped
fast path), never once per federation subtree. Units partition the org tree: a union's unit is its
whole subtree (the union and its groups); a federation's unit is what it owns itself (its own
activities, visits, aid...: rows that sit at the federation, not under any union). A federation's
numerator and denominator are the sums over the units of its subtree, found by walking up the
materialised path. That sum equals computing the federation's subtree directly because every
metric counts each row in exactly one org (see gonghui/metrics/tests/test_fast_paths.py).
"""

import calendar
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from gonghui.metrics import registry
from gonghui.metrics.models import MetricSnapshot
from gonghui.orgs.models import Org, OrgKind

BATCH = 5000


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_of_year(year: int, *, until: date | None = None) -> list[date]:
    last = until.month if until and until.year == year else 12
    return [date(year, m, 1) for m in range(1, last + 1)]


def recent_months(today: date) -> list[date]:
    """What the nightly run refreshes: this month, and last month too while late records still arrive.

    Year-to-date rows of months closed earlier do not change, so they are not recomputed every night.
    """
    this = today.replace(day=1)
    if this.month == 1:
        return [this]
    return [this.replace(month=this.month - 1), this]


def union_of(path: str, union_paths: dict[str, int]) -> int | None:
    """The id of the unit holding an org with this path: the nearest unit at or above it.

    With unions only, that is the union whose subtree holds the org (the union or one of its groups);
    with federations among the units too, an org above every union falls to its nearest federation.
    """
    for end in range(len(path) - len(path) % Org.steplen, 0, -Org.steplen):
        found = union_paths.get(path[:end])
        if found is not None:
            return found
    return None


def sum_by_union(rows: Iterable[tuple[str, float, float | None]], unions) -> dict[int, tuple]:
    """Add up (org_path, numerator, denominator) rows into the unit (union or federation) each org belongs to."""
    union_paths = {path: pk for pk, path in unions}
    totals: dict[int, list] = {}
    for path, numerator, denominator in rows:
        union_id = union_of(path, union_paths)
        if union_id is None:
            continue
        total = totals.setdefault(union_id, [0, None])
        total[0] += numerator or 0
        if denominator is not None:
            total[1] = (total[1] or 0) + denominator
    return {pk: tuple(v) for pk, v in totals.items()}


def own_orgs(units) -> dict[int, list[int]]:
    """For each unit, the ids of the orgs it holds (see union_of): one query over the org table."""
    paths = {path: pk for pk, path in units}
    held = defaultdict(list)
    for pk, path in Org.objects.values_list("pk", "path").iterator():
        unit = union_of(path, paths)
        if unit is not None:
            held[unit].append(pk)
    return held


def per_union(key: str, unions, start: date, end: date, *, held=None) -> dict[int, tuple]:
    """{unit_id: (numerator, denominator)} for every unit, the way the metric itself computes it.

    `unions` are (id, path) units (unions, and federations for their own rows). A unit without rows
    gets the metric's empty value ((0, 0) for a rate, (0, None) for a count), as the per-org function
    would return, so a fast path and the per-org path write the same snapshot rows.
    """
    found = registry.get(key)
    fast = registry.grouped_for(key)
    if fast is not None:
        values = fast(unions, start, end)
    else:
        held = held if held is not None else own_orgs(unions)
        values = {
            pk: found.compute(Org.objects.filter(pk__in=held.get(pk, [])), start, end) for pk, _ in unions
        }
    empty = (0, 0) if found.is_rate else (0, None)
    return {pk: values.get(pk, empty) for pk, _ in unions}


def roll_up(values: dict[int, tuple], unions, federations: dict[str, int]) -> dict[int, tuple]:
    """Unit values, and for every federation the sum over the units of its subtree (its own included)."""
    result = dict(values)
    sums: dict[int, list] = defaultdict(lambda: [0, None])
    for pk, path in unions:
        numerator, denominator = values.get(pk, (None, None))
        if numerator is None and denominator is None:
            continue
        for end in range(Org.steplen, len(path) + 1, Org.steplen):
            fed_id = federations.get(path[:end])
            if fed_id is None:
                continue
            total = sums[fed_id]
            total[0] += numerator or 0
            if denominator is not None:
                total[1] = (total[1] or 0) + denominator
    result.update({pk: tuple(v) for pk, v in sums.items()})
    return result


def build_snapshots(*, months: list[date], keys: list[str] | None = None, on_step=None) -> int:
    """Recompute the snapshots of `keys` (default: every registered metric) for `months`; returns rows written."""
    keys = keys or [m.key for m in registry.all_metrics()]
    unions = list(Org.objects.filter(kind=OrgKind.UNION).values_list("pk", "path"))
    federations = dict(Org.objects.filter(kind=OrgKind.FEDERATION).values_list("path", "pk"))
    units = unions + [(pk, path) for path, pk in federations.items()]
    held = None
    if any(registry.grouped_for(key) is None for key in keys):
        held = own_orgs(units)
    written = 0
    for step, (key, month) in enumerate((k, m) for k in keys for m in months):
        start = date(month.year, 1, 1)  # year to date, so a month's row is the running figure
        values = roll_up(per_union(key, units, start, month_end(month), held=held), units, federations)
        written += _replace(key, month, values)
        if on_step:
            on_step(step + 1, len(keys) * len(months))
    return written


@transaction.atomic
def _replace(key, month, values) -> int:
    MetricSnapshot.objects.filter(metric_key=key, month=month).delete()
    rows = (
        MetricSnapshot(org_id=pk, metric_key=key, month=month, numerator=num, denominator=den)
        for pk, (num, den) in values.items()
    )
    created = 0
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            created += len(MetricSnapshot.objects.bulk_create(batch))
            batch = []
    if batch:
        created += len(MetricSnapshot.objects.bulk_create(batch))
    return created
