"""Reports' KPI: how many of the required ledgers (七簿三档三册 that Gonghui keeps) have records."""

from gonghui.metrics.registry import metric
from gonghui.reports.registry import ledgers


@metric(
    key="reports.required_ledgers_kept",
    label="必备台帐建立率",
    unit="%",
    higher_is_better=True,
    description="必备台帐中当年有记录的比例（按期间结束日所在年度计）",
)
def required_ledgers_kept(orgs, start, end):
    required = [item for item in ledgers() if item.required]
    kept = sum(1 for item in required if item.count(orgs, end.year))
    return kept, len(required)
