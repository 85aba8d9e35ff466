"""What the union dashboard shows: the year's schedule by month, reminders, and targets against live values."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from gonghui.metrics import registry
from gonghui.plans import periods
from gonghui.plans.models import Plan, ScheduleItem, Target

MONTHS = range(1, 13)
STATE_LABELS = {
    "done": "已完成",
    "due": "进行中",
    "overdue": "已逾期",
    "planned": "未到期",
    "cancelled": "已取消",
}


@dataclass
class TargetProgress:
    target: Target
    label: str
    measurable: bool
    actual: float | None = None
    display: str = "无数据"
    # A target measured over its period (gonghui.plans.periods): the windows begun so far, and
    # whether it is met over them (every quarter for 每季…), which the single value cannot say.
    windows: list = field(default_factory=list)
    evaluated: bool | None = None
    by_period: bool = False

    @property
    def met(self):
        return self.evaluated if self.by_period else self.target.met_by(self.actual)

    @property
    def colour(self):
        return {True: "success", False: "danger"}.get(self.met, "secondary")

    @property
    def percent_of_goal(self) -> float | None:
        if self.actual is None or not self.target.value:
            return None
        return round(float(self.actual) * 100 / float(self.target.value), 1)


def target_progress(target: Target, *, today: date) -> TargetProgress:
    """A target's value now: the registered metric over the plan org's subtree, over the target's
    period (year to date; the half-year or quarter it names; each month, quarter or term for 每月…),
    or the manual value."""
    if target.is_manual:
        found = TargetProgress(target, target.metric_label, True)
        if target.manual_value is not None:
            found.actual = float(target.manual_value)
            found.display = f"{target.manual_value.normalize():f}{target.unit}"
        return found
    org, key = target.plan.org, target.metric_key

    def value_of(start, end):
        value = registry.compute(key, org, start, end)
        return value.value, value.display()

    return progress_over(target, value_of, today=today)


def progress_over(target: Target, value_of, *, today: date) -> TargetProgress:
    """A measurable target judged over its period with `value_of(start, end)` → (value, display):
    the one rule the dashboard, the API, the year-end summary and the federation's ranking of its
    unions share (every quarter for 每季, the first half for 上半年, both bounds of a range)."""
    year = target.plan.year
    label = registry.get(target.metric_key).label
    if target.period == "Y":
        value, display = value_of(date(year, 1, 1), min(today, date(year, 12, 31)))
        return TargetProgress(target, label, True, value, display)
    windows, met = periods.evaluate(target, value_of, year, today)
    found = TargetProgress(target, label, True, windows=windows, evaluated=met, by_period=True)
    if not windows:
        found.display = "未开始"
    elif not target.is_frequency:
        found.actual, found.display = windows[0].value, windows[0].display
    else:
        # the running window's value beside the count of windows that reached the goal
        reached = sum(1 for w in windows if w.met)
        found.actual = windows[-1].value
        found.display = f"{reached}/{len(windows)} 达标（{windows[-1].label} {windows[-1].display}）"
    return found


@dataclass
class UnionDashboard:
    org: object
    year: int
    today: date
    plan: Plan | None
    items: list = field(default_factory=list)
    targets: list = field(default_factory=list)

    def by_month(self):
        """[(month, [items])] for 1–12, then the items dated by a period (quarter, half, whole year)."""
        months = {m: [] for m in MONTHS}
        periods = []
        for item in self.items:
            (months[item.month] if item.month else periods).append(item)
        return [(m, months[m]) for m in MONTHS], periods

    def within(self, days):
        """Open items whose time overlaps the next `days` days."""
        horizon = self.today + timedelta(days=days)
        return [i for i in self.items if i.state in ("due", "planned") and i.start_date <= horizon]

    def within_30(self):
        return self.within(30)

    def due_soon(self):
        horizon = self.today + timedelta(days=7)
        return [i for i in self.items if i.state in ("due", "planned") and i.due_date <= horizon]

    def overdue(self):
        return [i for i in self.items if i.state == "overdue"]

    def counts(self):
        return Counter(i.state for i in self.items)

    def month_chart(self):
        """ECharts options: stacked bars of done / due / overdue / planned items per month."""
        series = {state: [0] * 12 for state in ("done", "due", "overdue", "planned")}
        for item in self.items:
            if item.state in series:
                series[item.state][item.last_month - 1] += 1
        colours = {"done": "#2fb344", "due": "#206bc4", "overdue": "#d63939", "planned": "#adb5bd"}
        return {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 30, "right": 10, "bottom": 25, "top": 35},
            "xAxis": {"type": "category", "data": [f"{m}月" for m in MONTHS]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [
                {
                    "name": STATE_LABELS[s],
                    "type": "bar",
                    "stack": "all",
                    "data": series[s],
                    "itemStyle": {"color": colours[s]},
                }
                for s in series
            ],
        }


def gauge_chart(progress: TargetProgress) -> dict:
    goal = float(progress.target.value or 0)
    top = max(100.0, goal, float(progress.actual or 0)) if progress.target.unit == "%" else max(goal * 1.5, 1)
    return {
        "series": [
            {
                "type": "gauge",
                "min": 0,
                "max": top,
                "progress": {"show": True, "width": 10},
                "axisLine": {"lineStyle": {"width": 10}},
                "axisLabel": {"show": False},
                "splitLine": {"show": False},
                "axisTick": {"show": False},
                "pointer": {"show": False},
                "title": {"show": False},
                "detail": {"fontSize": 18, "offsetCenter": [0, "10%"], "formatter": progress.display},
                "data": [{"value": progress.actual or 0}],
            }
        ]
    }


def union_dashboard(org, *, today: date, year: int | None = None) -> UnionDashboard:
    year = year or today.year
    plan = Plan.objects.current_for(org, year)
    board = UnionDashboard(org=org, year=year, today=today, plan=plan)
    if plan is None:
        return board
    board.items = list(ScheduleItem.objects.filter(plan=plan).for_display())
    for item in board.items:
        item.plan = plan  # one plan for all: no query per item for its year
        item.state = item.state_on(today)
        item.state_label = STATE_LABELS[item.state]
    board.targets = [
        target_progress(t, today=today) for t in plan.targets.select_related("plan__org").order_by("order")
    ]
    for found in board.targets:
        found.chart = (
            gauge_chart(found) if found.actual is not None and not found.target.is_frequency else None
        )
        found.chart_id = f"gauge-{found.target.pk.hex[:12]}"
    return board


# Items other modules put on the union's and the federation's dashboards (e.g. rights' overdue
# dispute cases): functions (user, org, today) -> [Alert], registered from each app's AppConfig.ready.
@dataclass(frozen=True)
class Alert:
    text: str
    url: str = ""
    level: str = "warning"


DASHBOARD_ALERTS = []


def register_alert(function):
    if function not in DASHBOARD_ALERTS:
        DASHBOARD_ALERTS.append(function)
    return function


def alerts_for(user, org, today) -> list[Alert]:
    return [alert for function in DASHBOARD_ALERTS for alert in function(user, org, today)]
