"""The daily digest: for each union, what falls due within a week and what is overdue.

The plan's schedule items are one source among others. Any app plugs in from its own `digest.py`
(found by gonghui/core/discovery.py, like reports.py fills the evidence and ledger registries):

    from gonghui.plans.digest import DigestEntry, register_digest_source

    def _collect(day, horizon):
        for path, case in ...:  # ONE grouped query over every union, never one per union
            yield path, DigestEntry(text=..., due=case.deadline, when="调解期限", kind="case", link=...)

    register_digest_source(key="rights.cases", label="劳动争议调解", collect=_collect)

`collect(day, horizon)` yields (org path, entry) for the whole country at once: the digest runs for
thousands of unions, so a source that queried per union would multiply by that. Rows of a union's
groups land in the union's digest (the nearest union or federation at or above the row's org).

An entry with `needs` (a core/access.py capability, e.g. "women") is stored with the rest but shown
only to a viewer holding that capability on the union, and e-mailed to such recipients as a count
without its text: personal health data never leaves the system by mail.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gonghui.core import access
from gonghui.core.discovery import app_modules
from gonghui.metrics.snapshots import union_of
from gonghui.orgs.models import Org, OrgKind, Role, RoleAssignment
from gonghui.plans.models import Digest, ScheduleItem

HORIZON_DAYS = 7


@dataclass(frozen=True)
class DigestEntry:
    text: str
    due: date | None  # None: a standing state already past due (e.g. women overdue for a check)
    when: str = ""  # a short label shown before the text (「6月」, 「调解期限」)
    kind: str = "item"  # item | case | contract | women …: a CSS hint and the e-mail's grouping
    link: str = ""
    needs: str = ""  # a core/access.py capability the viewer needs to see it ("" = whoever sees the digest)
    id: str = ""

    def is_overdue(self, day: date) -> bool:
        return self.due is None or self.due < day

    def stored(self) -> dict:
        data = asdict(self)
        data["due"] = self.due.isoformat() if self.due else ""
        return data


@dataclass(frozen=True)
class DigestSource:
    key: str  # "<app>.<name>"
    label: str  # the Chinese heading of its entries in an e-mail
    collect: Callable[[date, date], Iterable[tuple[str, DigestEntry]]]
    order: int = 100


_SOURCES: dict[str, DigestSource] = {}
_discovered = False


def register_digest_source(**fields) -> DigestSource:
    source = DigestSource(**fields)
    if "." not in source.key:
        raise ValueError(f"digest source key {source.key!r} must be '<app>.<name>'")
    _SOURCES[source.key] = source  # a re-import (autoreload, tests) replaces, never duplicates
    return source


def digest_sources() -> list[DigestSource]:
    global _discovered
    if not _discovered:  # each app's digest.py registers when imported; import them once, on first use
        list(app_modules("digest"))
        _discovered = True
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.key))


# --------------------------------------------------------------------------- the plan's own source


def _schedule_items(day, horizon):
    items = (
        ScheduleItem.objects.in_confirmed_plans()
        .of_year(day.year)
        .open()
        .filter(due_month__lte=horizon.month if horizon.year == day.year else 12)
        .select_related("plan", "org")
        .order_by("org_id", "due_month", "order")
    )
    for item in items.iterator(chunk_size=2000):
        if item.due_date <= horizon:
            entry = DigestEntry(
                id=str(item.pk), text=item.text, when=item.when_label, due=item.due_date, kind="item"
            )
            yield item.org.path, entry


register_digest_source(key="plans.schedule", label="工作计划", collect=_schedule_items, order=0)


# --------------------------------------------------------------------------- building


def _units() -> dict[str, int]:
    """Every union and federation by path: where a row's digest goes (one query)."""
    kinds = [OrgKind.UNION, OrgKind.FEDERATION]
    return dict(Org.objects.filter(kind__in=kinds).values_list("path", "pk"))


def collect(day: date) -> dict[int, dict[str, list[dict]]]:
    """{unit id: {"overdue": [...], "due_soon": [...]}} from every registered source."""
    horizon = day + timedelta(days=HORIZON_DAYS)
    units = _units()
    found = defaultdict(lambda: {"due_soon": [], "overdue": []})
    for source in digest_sources():
        for path, entry in source.collect(day, horizon):
            unit = union_of(path, units)
            if unit is not None:
                stored = entry.stored() | {"source": source.label}
                found[unit]["overdue" if entry.is_overdue(day) else "due_soon"].append(stored)
    for lists in found.values():
        for entries in lists.values():
            entries.sort(key=lambda e: e["due"] or "")  # stable: each source's own order within a day
    return found


def build_digests(*, day) -> int:
    """Store (or refresh) today's digest for every union with something due or overdue."""
    found = collect(day)
    with transaction.atomic():
        Digest.objects.filter(day=day).exclude(org_id__in=found).delete()
        existing = {d.org_id: d for d in Digest.objects.filter(day=day)}
        changed, new = [], []
        for org_id, lists in found.items():
            digest = existing.get(org_id)
            if digest is None:
                new.append(Digest(org_id=org_id, day=day, **lists))
            else:
                digest.due_soon, digest.overdue = lists["due_soon"], lists["overdue"]
                changed.append(digest)
        Digest.objects.bulk_update(changed, ["due_soon", "overdue"], batch_size=1000)
        Digest.objects.bulk_create(new, batch_size=1000)
    if getattr(settings, "GONGHUI_DIGEST_EMAIL", False):
        _email_all(day)
    return len(found)


# --------------------------------------------------------------------------- reading


def _visible(entries, user, org) -> list[dict]:
    allowed = {}
    shown = []
    for entry in entries:
        needs = entry.get("needs") or ""
        if needs and needs not in allowed:
            allowed[needs] = access.can(user, needs, org)
        if not needs or allowed[needs]:
            shown.append(entry)
    return shown


@dataclass(frozen=True)
class DigestView:
    """One digest as one viewer may see it."""

    day: date
    overdue: list
    due_soon: list


def for_viewer(digest: Digest, user) -> DigestView:
    """The digest without the entries this viewer may not see (women's records for an officer without
    the women duty, a federation viewer)."""
    return DigestView(
        digest.day, _visible(digest.overdue, user, digest.org), _visible(digest.due_soon, user, digest.org)
    )


# --------------------------------------------------------------------------- e-mail


def _recipients(org_ids) -> dict[int, list]:
    """The chair and officers of each union with an e-mail address: one query for every union."""
    rows = (
        RoleAssignment.objects.filter(
            org_id__in=org_ids,
            role__in=[Role.UNION_CHAIR, Role.UNION_OFFICER],
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__email")
    )
    found = defaultdict(list)
    users = {}
    for row in rows:
        found[row.org_id].append(users.setdefault(row.user_id, row.user))  # one user object: grants cached
    return found


def _email_all(day):
    digests = list(Digest.objects.filter(day=day, emailed_to=[]).select_related("org"))
    recipients = _recipients([d.org_id for d in digests])
    for digest in digests:
        _email(digest, recipients.get(digest.org_id, []))


def _lines(title, entries):
    return ["", f"【{title}】"] + [f"- {e['when']} {e['text']}" for e in entries]


def _mail_text(digest, user) -> str:
    """What this recipient may read: entries needing a capability go as a count per source, no text."""
    view = for_viewer(digest, user)
    overdue = [e for e in view.overdue if not e.get("needs")]
    due_soon = [e for e in view.due_soon if not e.get("needs")]
    private = defaultdict(int)
    for entry in view.overdue + view.due_soon:
        if entry.get("needs"):
            private[entry.get("source") or "其他"] += 1
    if not (overdue or due_soon or private):
        return ""
    lines = [f"{digest.org.name} {digest.day:%Y年%m月%d日} 工作提醒"]
    lines += _lines("已逾期", overdue) + _lines("七日内到期", due_soon)
    for label, count in private.items():
        lines += ["", f"【{label}】{count} 条提醒涉及个人信息，请登录系统在“每日提醒”中查看。"]
    return "\n".join(lines)


def _email(digest, users):
    """One mail per distinct text: recipients who may see the same entries share it."""
    by_text = defaultdict(set)
    for user in users:
        text = _mail_text(digest, user)
        if text:
            by_text[text].add(user.email)
    for text, emails in by_text.items():
        send_mail(f"{digest.org.name} 工作提醒", text, None, sorted(emails), fail_silently=True)
    if by_text:
        digest.emailed_to = sorted(set().union(*by_text.values()))
        digest.save(update_fields=["emailed_to"])
