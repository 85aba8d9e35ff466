"""Two registries every module fills from its own `reports.py`: evidence types (records that can prove a
plan item or a target) and ledgers (台帐, the registers of the 七簿三档三册 an inspection asks for).

Like metrics, nothing here knows the modules: `gonghui/<app>/reports.py` calls `register_evidence` /
`register_ledger` when it is imported at startup (ReportsConfig.ready), so a new module plugs in
without this code changing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet

# The 七簿三档三册 (RULES.md §7, rubric C, a 2003 温州 table [P]). Two of the 七簿 and one of the 三册
# are not legible there; they are filled from the evidence boxes of the same section (会费收缴登记,
# 家访谈心/帮扶 → 走访慰问登记簿, 会员花名册 → 会员名册), which is Gonghui's choice, not a rule.
SEVEN_BOOKS = [
    "职代会提案征集处理簿",
    "合理化建议簿",
    "活动登记簿",
    "会议记录簿",
    "职工来信来访登记簿",
    "会费收缴登记",
    "走访慰问登记簿",
]
THREE_FILES = ["特困职工档案", "集体合同档案", "职工教育培训档案"]
THREE_ROLLS = ["会员代表名册", "工会积极分子名册", "会员名册"]
BOOKS = [*SEVEN_BOOKS, *THREE_FILES, *THREE_ROLLS]
# Registers kept beside the 七簿三档三册 (the open-affairs register of 厂务/校务公开).
OTHER_BOOKS = ["公开登记簿"]

FORMATS = {"xlsx", "docx"}


@dataclass(frozen=True)
class EvidenceType:
    key: str  # "activities.activity"
    label: str  # "活动"
    model: type[Model]  # an OrgOwned model
    date_field: str  # the field giving the record's date, for year filters
    search: Callable[[QuerySet, str], QuerySet]  # (rows already scoped to orgs+year, q) -> matches
    describe: Callable[[Model], str]  # one line shown in lists and the summary
    url: Callable[[Model], str]  # the record's detail page
    # Which rows count at all (e.g. only committed imports); the model's default manager if None.
    rows: Callable[[], QuerySet] | None = None
    # Files attached to one record (name, FieldFile) that the binder puts beside its ledger.
    files: Callable[[Model], list] | None = None
    # Relations `describe` and `files` read, fetched up front when many records are listed.
    prefetch: tuple[str, ...] = ()
    order: int = 100

    def queryset(self) -> QuerySet:
        return self.rows() if self.rows else self.model._default_manager.all()

    def in_year(self, rows: QuerySet, year: int) -> QuerySet:
        return rows.filter(**{f"{self.date_field}__year": year})


@dataclass(frozen=True)
class Ledger:
    key: str
    title: str
    book: str  # one of BOOKS
    required: bool
    formats: tuple[str, ...]  # ("xlsx",) / ("docx",)
    count: Callable[[QuerySet, int], int]  # (orgs, year) -> number of records
    build: Callable[..., None]  # build(*, orgs, year, fmt, out: Path, by=user|None) writes the file
    evidence_key: str | None = None  # the evidence type its records are, if any
    # How many records fit on one printed A4 page of this ledger; the binder's cover estimates pages
    # from it (an estimate, and the cover says so).
    rows_per_page: int = 25
    order: int = 100
    sensitive: bool = field(default=False)  # holds personal data (masked unless the builder may see it)
    # The core/access.py capability a user needs on the org to get this ledger at all (e.g. "care"
    # for hardship files); without it the ledger page offers no download and the binder leaves it
    # out and says so on its cover. The command line (by=None) gets every ledger.
    capability: str = "view"


_EVIDENCE: dict[str, EvidenceType] = {}
_LEDGERS: dict[str, Ledger] = {}


def register_evidence(**fields) -> EvidenceType:
    kind = EvidenceType(**fields)
    if "." not in kind.key:
        raise ValueError(f"evidence key {kind.key!r} must be '<app>.<name>'")
    for name in ("model", "search", "describe", "url"):
        if getattr(kind, name) is None:
            raise ValueError(f"evidence type {kind.key}: {name} is required")
    _EVIDENCE[kind.key] = kind  # a re-import (autoreload, tests) replaces, never duplicates
    return kind


def evidence_types() -> list[EvidenceType]:
    return sorted(_EVIDENCE.values(), key=lambda kind: (kind.order, kind.key))


def evidence_type(key: str) -> EvidenceType:
    return _EVIDENCE[key]


def evidence_type_of(model_or_instance) -> EvidenceType | None:
    """The evidence type registered for a model (the first, if a model has several)."""
    model = model_or_instance if isinstance(model_or_instance, type) else type(model_or_instance)
    model = model._meta.concrete_model
    return next((kind for kind in evidence_types() if kind.model is model), None)


def evidence_records(key: str, orgs, year: int) -> QuerySet:
    """Records of that type in the org subtree (`orgs`, a queryset or list of Org) and calendar year."""
    kind = evidence_type(key)
    return kind.in_year(kind.queryset().filter(org__in=orgs), year)


def register_ledger(**fields) -> Ledger:
    fields["formats"] = tuple(fields.get("formats") or ())
    ledger = Ledger(**fields)
    if ledger.book not in BOOKS + OTHER_BOOKS:
        raise ValueError(f"ledger {ledger.key}: book {ledger.book!r} is not one of the 七簿三档三册")
    if not ledger.formats or set(ledger.formats) - FORMATS:
        raise ValueError(f"ledger {ledger.key}: formats must be among {sorted(FORMATS)}")
    _LEDGERS[ledger.key] = ledger
    return ledger


def ledgers() -> list[Ledger]:
    """Every registered ledger in the order of the 七簿三档三册, then by the app's own order."""
    return sorted(
        _LEDGERS.values(), key=lambda item: ((BOOKS + OTHER_BOOKS).index(item.book), item.order, item.key)
    )


def ledger(key: str) -> Ledger:
    return _LEDGERS[key]


def root_of(orgs):
    """The top org of a subtree queryset (the one whose name heads a ledger); no query when the
    queryset was read already (the binder reads each section's once, for all its ledgers)."""
    if not isinstance(orgs, QuerySet) or orgs._result_cache is not None:
        return min(orgs, key=lambda org: org.depth)
    return orgs.order_by("depth").first()


def file_name(ledger: Ledger, org, year: int, fmt: str) -> str:
    return f"{ledger.title}-{org.name}-{year}.{fmt}"


def scoped(by, rows: QuerySet, action: str = "view") -> QuerySet:
    """The rows the builder may see: all of them for the command line (by=None, run by the
    operator on the server), else what core/access.py lets the user see."""
    if by is None:
        return rows
    from gonghui.core import access

    return access.scope(by, rows, action=action)


def allowed(by, ledger: Ledger, org) -> bool:
    """Whether the builder may have this ledger at all (see Ledger.capability)."""
    if by is None:
        return True
    from gonghui.core import access

    return access.can(by, ledger.capability, org)


def may(by, action: str, org) -> bool:
    """Whether the builder may see a ledger's personal columns in full; the command line never does:
    a binder made on the server is masked like a viewer's."""
    if by is None:
        return False
    from gonghui.core import access

    return access.can(by, action, org)
