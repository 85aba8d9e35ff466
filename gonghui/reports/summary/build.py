"""The year-end summary (年度工作总结) drafted from the records, in the order Chinese unions write it:
总体情况 → 主要工作及成效 (by area) → 目标完成情况 → 计划事项完成情况 → 存在的问题 → 下一年工作打算.

Every figure comes from a registry (metrics, evidence types, ledgers), never from a module imported by
name: an area takes the registered metrics whose key starts with one of its prefixes, so a module that
registers `democracy.*` metrics shows up under 民主管理 without this file changing. The prose is the
union's (SummaryText); the figures are recomputed each time the summary is shown or exported.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from gonghui.metrics import registry as metrics
from gonghui.metrics.registry import MetricValue
from gonghui.metrics.snapshots import per_union
from gonghui.orgs.models import OrgKind
from gonghui.plans.dashboard import progress_over, target_progress
from gonghui.plans.models import ItemStatus, Plan
from gonghui.reports import registry

# (key, title, metric/evidence key prefixes). Order is the order of the document.
AREAS = [
    ("organisation", "组织建设", ("members.", "orgs.", "dues.")),
    ("rights", "维权", ("rights.",)),
    ("democracy", "民主管理", ("democracy.",)),
    ("care", "帮扶", ("care.",)),
    ("culture", "文体", ("activities.",)),
    ("unionwork", "自身建设", ("unionwork.", "reports.")),
]
OTHER_AREA = ("other", "其他工作")
# Metrics of the plan itself are reported in 计划事项完成情况, not as an area.
PLAN_PREFIXES = ("plans.",)
OVERVIEW_KEYS = ["members.count", "members.membership_rate", "activities.count", "plans.schedule_done_rate"]
# How some well-known figures read in a sentence; any other metric reads "{label} {value}{unit}".
PHRASES = {
    "members.count": "现有会员 {v} 人",
    "activities.count": "全年开展活动 {v} 次",
    "activities.attendance": "参与 {v} 人次",
    "care.visits": "走访慰问 {v} 次",
    "care.aid_amount": "发放帮扶资金 {v} 元",
    "dues.amount": "收缴会费 {v} 元",
    "orgs.model_unions": "建成示范工会（模范职工之家）{v} 家",
    "activities.cost": "活动经费支出 {v} 元",
    # 维权
    "rights.cases": "受理劳动争议 {v} 件",
    "rights.mediation_rate": "劳动争议调解成功率 {v}%",
    "rights.contract_coverage": "集体合同签订率 {v}%",
    "rights.health_check_rate": "职工健康体检率 {v}%",
    "rights.women_check_rate": "女职工专项体检率 {v}%",
    "rights.petition_rate": "越级上访和集体上访率 {v}%",
    # 民主管理
    "democracy.congress_held": "召开职代会 {v} 次",
    "democracy.proposals_accepted": "立案提案 {v} 件",
    "democracy.proposal_handling_rate": "提案按期答复率 {v}%",
    "democracy.proposal_satisfaction_rate": "提案办理满意率 {v}%",
    "democracy.notices_published": "发布厂务（校务）公开事项 {v} 次",
    "democracy.open_affairs_rate": "应公开事项按期公开率 {v}%",
    "democracy.suggestions": "收集合理化建议 {v} 条",
    "democracy.suggestion_adoption_rate": "合理化建议采纳率 {v}%",
    "democracy.mailbox_on_time_rate": "工会信箱来信按时答复率 {v}%",
    # 自身建设
    "unionwork.meetings": "召开各类会议 {v} 次",
    "unionwork.decisions_done_rate": "会议决定落实率 {v}%",
    "unionwork.study_sessions": "组织集中学习 {v} 次",
    "unionwork.study_hours": "累计 {v} 学时",
    "unionwork.reports_submitted": "报送工作信息 {v} 篇",
    "unionwork.reports_adopted": "信息被上级采用 {v} 篇",
    "unionwork.honours": "获得各级表彰 {v} 项",
}
PROSE_PARTS = ["overview", *(f"area:{key}" for key, _, _ in AREAS), "area:other", "problems", "next_year"]


def number_text(value, unit="") -> str:
    """1230 → 1,230; 95.5 → 95.5; money keeps its cents only when it has some."""
    if value is None:
        return "无数据"
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{int(value):,}"
    if unit == "元":
        return f"{value:,.2f}"
    return f"{value:,.1f}".rstrip("0").rstrip(".")


def zh(text: str) -> str:
    """Labels as a Chinese document prints them: full-width brackets (会员（代表）大会)."""
    return text.replace("(", "（").replace(")", "）")


@dataclass
class Figure:
    key: str
    label: str
    unit: str
    value: float | None
    numerator: object
    denominator: object

    @classmethod
    def of(cls, found: MetricValue):
        m = found.metric
        return cls(m.key, m.label, m.unit, found.value, found.numerator, found.denominator)

    @property
    def display(self):
        if self.value is None:
            return "无数据"
        return f"{number_text(self.value, self.unit)}{self.unit}"

    @property
    def phrase(self):
        if self.key in PHRASES:
            return PHRASES[self.key].format(v=number_text(self.value, self.unit))
        if self.value is None:
            return f"{zh(self.label)} 无数据"
        number = number_text(self.value, self.unit)
        return f"{zh(self.label)} {number}{'' if self.unit in ('%', '') else ' '}{self.unit}"

    @property
    def parent_key(self) -> str | None:
        """The total a per-kind figure breaks down (unionwork.meetings for unionwork.meetings.committee)."""
        if self.key.count(".") < 2:
            return None
        parent = self.key.rsplit(".", 1)[0]
        return parent if metrics.get(parent) is not None else None

    @property
    def is_breakdown(self):
        return self.parent_key is not None

    @property
    def worth_saying(self):
        """Shown in the sentence: a figure with data: a count above zero (not 开展体育次数 0 次, 获得表彰 0 项),
        a rate of something (not 公开率 0% when nothing was due)."""
        if self.value is None:
            return False
        if self.is_breakdown and not self.value:
            return False  # 工资专项 0% inside 集体合同签订率: the total says it
        if self.unit == "%":
            return self.denominator is None or bool(self.denominator)  # 0 of 0 says nothing
        return bool(self.value)  # 召开职代会 0 次 is not a result: a missed target or ledger says it

    @property
    def short_label(self) -> str:
        """A per-kind figure named within its total's sentence: 「走访慰问：生日」→ 生日,
        「召开工会委员会会议次数」→ 工会委员会会议, 「工资专项集体合同签订率」→ 工资专项."""
        label = zh(self.label).split("：", 1)[-1]
        parent = metrics.get(self.parent_key) if self.parent_key else None
        if parent is not None and label.endswith(parent.label) and label != parent.label:
            return label[: -len(parent.label)]
        for lead in ("开展", "召开"):
            label = label.removeprefix(lead)
        return label.removesuffix("次数")

    @property
    def part_phrase(self):
        """A per-kind figure inside its total's sentence: 工会委员会会议 4 次, 工资专项 60%."""
        number = number_text(self.value, self.unit)
        return f"{self.short_label} {number}{'' if self.unit == '%' else ' '}{self.unit}"

    def as_json(self, section):
        return {
            "key": self.key,
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "numerator": _plain(self.numerator),
            "denominator": _plain(self.denominator),
            "section": section,
        }


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value


@dataclass
class Area:
    key: str
    title: str
    figures: list[Figure]
    evidence: list[tuple[str, str, int]]  # (key, label, records in the year)
    text: str = ""

    @property
    def sentence(self):
        """The area's figures in one sentence; per-kind figures join their total in brackets
        (召开各类会议 12 次（其中工会委员会会议 4 次、主席办公会 3 次）), never a line each."""
        parts: dict[str, list[Figure]] = {}
        for f in self.figures:
            if f.is_breakdown and f.worth_saying:
                parts.setdefault(f.parent_key, []).append(f)
        totals = {f.key for f in self.figures if f.worth_saying and not f.is_breakdown}
        said = []
        for f in self.figures:
            if f.is_breakdown:
                if f.parent_key not in totals and parts.get(f.parent_key, [None])[0] is f:
                    said.append("、".join(p.part_phrase for p in parts[f.parent_key]))
                continue
            if not f.worth_saying:
                continue
            said.append(f.phrase + _within(f, parts.get(f.key, [])))
        return "，".join(said) + "。" if said else ""

    @property
    def is_empty(self):
        return not self.sentence and not any(n for _, _, n in self.evidence) and not self.text


def _within(total: Figure, parts: list[Figure]) -> str:
    """（其中工会委员会会议 4 次、主席办公会 3 次）, or （均为工会委员会会议） when one kind is all of it."""
    if not parts:
        return ""
    if len(parts) == 1 and parts[0].value == total.value and total.unit != "%":
        return f"（均为{parts[0].short_label}）"
    return f"（其中{'、'.join(p.part_phrase for p in parts)}）"


@dataclass
class Ranked:
    org: object
    value: float | None
    display: str
    met: bool | None
    rank: int | None


@dataclass
class TargetRow:
    target: object
    label: str
    measurable: bool
    value: float | None
    display: str
    met: bool | None
    evidence: list[tuple[str, str, int]]
    ranking: list[Ranked] = field(default_factory=list)
    windows: list = field(default_factory=list)  # gonghui.plans.periods.WindowValue, for 上半年/每季…

    @property
    def evidence_count(self):
        return sum(n for _, _, n in self.evidence)

    @property
    def met_label(self):
        return {True: "已完成", False: "未完成"}.get(self.met, "无法判断")


@dataclass
class ItemRow:
    item: object
    proof: int
    reason: str


@dataclass
class Summary:
    org: object
    year: int
    start: date
    end: date
    plan: object
    overview: list[Figure]
    areas: list[Area]
    targets: list[TargetRow] | None
    done: list[ItemRow]
    cancelled: list[ItemRow]
    not_done: list[ItemRow]
    missing_ledgers: list
    texts: dict
    unions: int = 0

    @property
    def is_federation(self):
        return self.org.kind == OrgKind.FEDERATION

    @property
    def title(self):
        return f"{self.org.name}{self.year}年度工作总结"

    @property
    def overview_sentence(self):
        said = [f.phrase for f in self.overview if f.value is not None]
        lead = f"{self.year}年，{self.org.name}"
        if self.is_federation:
            lead += f"下辖基层工会 {number_text(self.unions)} 家"
        body = "，".join(said)
        joint = "，" if self.is_federation and body else ""
        return f"{lead}{joint}{body}。"

    def problems(self) -> list[str]:
        """What the records say went wrong: targets missed, items not done, required ledgers without records."""
        found = [
            f"目标「{row.target.text}」未完成：目标{row.target.goal_display()}，实际 {row.display}。"
            for row in self.targets or []
            if row.met is False
        ]
        found += [f"计划事项「{row.item.text}」（{row.item.when_label}）未完成。" for row in self.not_done]
        found += [
            f"必备台帐「{ledger.title}」（{ledger.book}）本年度没有记录。" for ledger in self.missing_ledgers
        ]
        return found

    def as_json(self) -> dict:
        figures = [f.as_json("总体情况") for f in self.overview]
        for area in self.areas:
            figures += [f.as_json(area.title) for f in area.figures]
        return {
            "org": self.org.code,
            "org_name": self.org.name,
            "year": self.year,
            "period": [self.start.isoformat(), self.end.isoformat()],
            "plan": str(self.plan) if self.plan else None,
            "figures": figures,
            "evidence": [
                {"key": key, "label": label, "count": n, "section": area.title}
                for area in self.areas
                for key, label, n in area.evidence
            ],
            "targets": None if self.targets is None else [_target_json(row) for row in self.targets],
            "items": {
                "done": len(self.done),
                "cancelled": len(self.cancelled),
                "not_done": len(self.not_done),
            },
            "missing_ledgers": [ledger.key for ledger in self.missing_ledgers],
            "problems": self.problems(),
        }


def _target_json(row: TargetRow) -> dict:
    return {
        "text": row.target.text,
        "metric_key": row.target.metric_key or None,
        "comparator": row.target.comparator,
        "goal": float(row.target.value),
        "goal_max": None if row.target.value_max is None else float(row.target.value_max),
        "period": row.target.period,
        "period_label": row.target.get_period_display(),
        "value": row.value,
        "display": row.display,
        "met": row.met,
        "windows": [
            {
                "label": w.label,
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "value": w.value,
                "met": w.met,
                "closed": w.closed,
            }
            for w in row.windows
        ],
        "evidence_count": row.evidence_count,
        "ranking": [
            {"org": r.org.code, "value": r.value, "display": r.display, "met": r.met, "rank": r.rank}
            for r in row.ranking
        ],
    }


def _area_of(key: str) -> tuple[str, str] | None:
    if key.startswith(PLAN_PREFIXES):
        return None
    for area, title, prefixes in AREAS:
        if key.startswith(prefixes):
            return area, title
    return OTHER_AREA


def _evidence_counts(orgs, year, keys=None, prefixes=None) -> list[tuple[str, str, int]]:
    found = []
    for kind in registry.evidence_types():
        if (keys is not None and kind.key not in keys) or (prefixes and not kind.key.startswith(prefixes)):
            continue
        found.append((kind.key, zh(kind.label), registry.evidence_records(kind.key, orgs, year).count()))
    return found


def _reading_order(figure: Figure):
    """The phrased figures first, in PHRASES order (活动次数 before 参与人次), then counts, then rates."""
    keys = list(PHRASES)
    if figure.key in keys:
        return (0, keys.index(figure.key), "")
    return (1 if figure.unit != "%" else 2, 0, figure.key)


def build_areas(org, year, start, end, texts) -> list[Area]:
    figures: dict[str, list[Figure]] = {}
    for m in metrics.all_metrics():
        area = _area_of(m.key)
        if area is not None:
            figures.setdefault(area[0], []).append(Figure.of(metrics.compute(m.key, org, start, end)))
    for found in figures.values():
        found.sort(key=_reading_order)
    orgs = org.subtree()
    areas = []
    for key, title, prefixes in [*AREAS, (*OTHER_AREA, ())]:
        evidence = _evidence_counts(orgs, year, prefixes=prefixes) if prefixes else []
        area = Area(key, title, figures.get(key, []), evidence, texts.get(f"area:{key}", ""))
        if not area.is_empty:
            areas.append(area)
    return areas


def _amount(value, unit) -> str:
    return "无数据" if value is None else f"{number_text(value, unit)}{unit}"


def _progress_display(progress, unit) -> str:
    """How the summary says a target's value: the window's value (全年, 上半年), or for 每季… how many
    windows begun so far reached the goal and which fell short: 「4 个季度中 3 个达标，二季度 0次未达标」."""
    if not progress.by_period:
        return _amount(progress.actual, unit)
    if not progress.windows:
        return "未开始"
    if not progress.target.is_frequency:
        return _amount(progress.windows[0].value, unit)
    windows = progress.windows
    word = _WINDOW_WORD.get(progress.target.period, "个周期")
    reached = sum(1 for w in windows if w.met)
    missed = [w for w in windows if w.met is False]
    if reached == len(windows):
        return f"{len(windows)} {word}均达标"
    if len(missed) == len(windows) and len({w.value for w in missed}) == 1:
        return f"{len(windows)} {word}均未达标（均为 {_amount(missed[0].value, unit)}）"
    said = f"{len(windows)} {word}中 {reached} 个达标"
    if missed:
        said += "，" + "、".join(f"{w.label} {_amount(w.value, unit)}" for w in missed) + "未达标"
    running = [w for w in windows if w.met is None]
    if running:
        said += f"，{running[-1].label}进行中（{_amount(running[-1].value, unit)}）"
    return said


_WINDOW_WORD = {
    "per_m": "个月",
    "per_2m": "个双月",
    "per_q": "个季度",
    "per_h": "个半年",
    "per_t": "个学期",
    "per_w": "周",
}


def target_row(target, *, org, year, start, end, today) -> TargetRow:
    """A plan target against the records, judged over its period exactly as the plan dashboard judges
    it (gonghui.plans.dashboard.target_progress): 每季 met only if every quarter was, 上半年 over H1."""
    prefix = (target.metric_key.split(".", 1)[0] + ".",) if target.metric_key else None
    evidence = _evidence_counts(org.subtree(), year, prefixes=prefix) if prefix else []
    if target.is_manual:
        value = None if target.manual_value is None else float(target.manual_value)
        display = "未填报" if value is None else f"{number_text(value)}{target.unit}"
        return TargetRow(
            target, target.metric_words or "手工填报", True, value, display, target.met_by(value), evidence
        )
    progress = target_progress(target, today=today)
    unit = metrics.get(target.metric_key).unit
    return TargetRow(
        target,
        progress.label,
        True,
        progress.actual,
        _progress_display(progress, unit),
        progress.met,
        evidence,
        windows=progress.windows,
    )


def rank_unions(row: TargetRow, unions, *, today) -> list[Ranked]:
    """The federation's unions on one target, each judged over the target's period as the dashboard
    judges it; best first (by the target's direction, or by windows reached for 每季…); no data last."""
    target = row.target
    found = metrics.get(target.metric_key)
    if found is None or not unions:
        return []
    units = [(u.pk, u.path) for u in unions]
    per_window = {}

    def value_of_union(union):
        def value_of(start, end):
            if (start, end) not in per_window:
                per_window[start, end] = per_union(found.key, units, start, end)
            value = MetricValue(found, *per_window[start, end][union.pk])
            return value.value, value.display()

        return value_of

    rows = []
    for union in unions:
        progress = progress_over(target, value_of_union(union), today=today)
        if target.is_frequency:
            value = sum(1 for w in progress.windows if w.met) if progress.windows else None
        else:
            value = progress.actual
        rows.append(Ranked(union, value, _progress_display(progress, found.unit), progress.met, None))
    lower_first = not target.is_frequency and (
        target.comparator == "<=" or (target.comparator == "==" and not found.higher_is_better)
    )
    with_data = sorted(
        (r for r in rows if r.value is not None), key=lambda r: r.value, reverse=not lower_first
    )
    place, previous = 0, object()
    for index, ranked in enumerate(with_data, start=1):
        if ranked.value != previous:
            place, previous = index, ranked.value
        ranked.rank = place
    return with_data + sorted((r for r in rows if r.value is None), key=lambda r: r.org.name)


def _items(plan):
    done, cancelled, not_done = [], [], []
    if plan is None:
        return done, cancelled, not_done
    for item in plan.items.for_display().prefetch_related("evidence"):
        item.plan = plan
        if item.status == ItemStatus.DONE:
            # Proved by linked records or files, or by the written 「无需留痕的原因」, shown as such.
            done.append(ItemRow(item, len(item.evidence.all()), item.no_trace_reason))
        elif item.status == ItemStatus.CANCELLED:
            cancelled.append(ItemRow(item, 0, item.note))
        else:
            not_done.append(ItemRow(item, 0, ""))
    return done, cancelled, not_done


def year_period(year: int, today: date) -> tuple[date, date]:
    """The summarised year, up to today while it is still running (as the dashboard counts it)."""
    return date(year, 1, 1), min(today, date(year, 12, 31))


def build_summary(org, *, year: int, today: date, texts: dict | None = None) -> Summary:
    texts = texts or {}
    start, end = year_period(year, today)
    plan = Plan.objects.current_for(org, year)
    targets = None
    unions = (
        list(org.subtree().filter(kind=OrgKind.UNION).order_by("name"))
        if org.kind == OrgKind.FEDERATION
        else []
    )
    if plan is not None:
        targets = [
            target_row(t, org=org, year=year, start=start, end=end, today=today)
            for t in plan.targets.select_related("plan__org").order_by("order")
        ]
        for row in targets:
            row.ranking = rank_unions(row, unions, today=today) if unions and row.measurable else []
    done, cancelled, not_done = _items(plan)
    orgs = org.subtree()
    return Summary(
        org=org,
        year=year,
        start=start,
        end=end,
        plan=plan,
        overview=[Figure.of(metrics.compute(k, org, start, end)) for k in OVERVIEW_KEYS if metrics.get(k)],
        areas=build_areas(org, year, start, end, texts),
        targets=targets,
        done=done,
        cancelled=cancelled,
        not_done=not_done,
        missing_ledgers=[
            ledger for ledger in registry.ledgers() if ledger.required and not ledger.count(orgs, year)
        ],
        texts=texts,
        unions=len(unions),
    )
