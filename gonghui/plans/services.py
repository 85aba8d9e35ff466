"""State changes of plans: one keyword-only function each, in one transaction (audit log records the change)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.metrics.synonyms import match_metric_key, registered_key
from gonghui.plans.models import (
    CalendarFeed,
    Category,
    Comparator,
    Evidence,
    ItemStatus,
    Plan,
    PlanSection,
    PlanStatus,
    ScheduleItem,
    Target,
    TargetPeriod,
    new_feed_key,
    no_trace_problem,
)
from gonghui.reports import registry


@transaction.atomic
def create_plan_from_text(*, org, text, by, year=None) -> Plan:
    """A draft plan from its text: the parser proposes sections, schedule and targets for review."""
    from gonghui.plans.parser import guess_category, parse_plan, ranges_joined

    parsed = parse_plan(text)
    plan = Plan.objects.create(
        org=org,
        year=year or parsed.get("year") or timezone.localdate().year,
        title=(parsed.get("title") or "")[:200],
        source_text=text,
        guiding_ideas=guiding_ideas(text),
    )
    PlanSection.objects.bulk_create(
        PlanSection(org=org, plan=plan, level=s.get("level") or 1, title=s["title"][:300], order=i)
        for i, s in enumerate(parsed.get("sections", []))
    )
    ScheduleItem.objects.bulk_create(
        _item(plan, i, found, guess_category) for i, found in enumerate(parsed.get("schedule", []))
    )
    Target.objects.bulk_create(
        _target(plan, i, found) for i, found in enumerate(ranges_joined(parsed.get("targets", [])))
    )
    return plan


def plan_parts(text: str) -> list[dict]:
    """The plans a pasted text holds, each {"title", "text", "items", "targets"} (one entry for one plan)."""
    from gonghui.plans.parser import normalise, parse_plan, split_plans

    parts = split_plans(normalise(text))
    if len(parts) < 2:
        return parts
    for part in parts:
        parsed = parse_plan(part["text"])
        part["items"], part["targets"] = len(parsed["schedule"]), len(parsed["targets"])
        part["year"] = parsed.get("year")
    return parts


@transaction.atomic
def create_plans_from_parts(*, org, texts, by, year=None) -> list[Plan]:
    """One draft plan per part of a text that held several (篇一、篇二…), each read on its own."""
    return [create_plan_from_text(org=org, text=text, by=by, year=year) for text in texts]


def _item(plan, order, found, guess_category) -> ScheduleItem:
    months = found.get("months") or []
    category = found.get("category") or guess_category(found["text"])
    return ScheduleItem(
        org=plan.org,
        plan=plan,
        order=order,
        month=found.get("month"),
        end_month=max(months) if len(months) > 1 else None,
        period=found.get("period") or ("" if found.get("month") else "Y"),
        text=found["text"][:500],
        category=category if category in Category.values else Category.OTHER,
        uncertain=bool(found.get("uncertain")),
    )


# The parser's period of a target (targets.target_period) → the stored one.
PARSED_PERIODS = {
    "year": TargetPeriod.YEAR,
    "school_year": TargetPeriod.YEAR,
    "H1": TargetPeriod.H1,
    "H2": TargetPeriod.H2,
    "month": TargetPeriod.EVERY_MONTH,
    "two_months": TargetPeriod.EVERY_TWO_MONTHS,
    "quarter": TargetPeriod.EVERY_QUARTER,
    "half_year": TargetPeriod.EVERY_HALF,
    "term": TargetPeriod.EVERY_TERM,
    "week": TargetPeriod.EVERY_WEEK,
}
_COMPARATORS = {
    ">=": Comparator.AT_LEAST,
    "<=": Comparator.AT_MOST,
    "==": Comparator.EQUAL,
    "between": Comparator.BETWEEN,
}


def _target(plan, order, found) -> Target:
    text = found.get("text") or ""
    period = PARSED_PERIODS.get(found.get("period") or "year", TargetPeriod.YEAR)
    unit = found.get("unit") or ""
    if period.startswith("per_"):
        unit = unit.split("/", 1)[0]  # 次/季 → 次: the period is stored apart (每季)
    return Target(
        org=plan.org,
        plan=plan,
        order=order,
        text=text[:500],
        metric_words=(found.get("metric") or "")[:200],
        # Only a registered key is proposed: any other could be neither computed nor entered.
        metric_key=proposed_key(found.get("metric") or text),
        comparator=_COMPARATORS.get(found.get("comparator"), Comparator.AT_LEAST),
        value=_decimal(found.get("value")),
        value_max=_decimal(found["value_max"]) if found.get("value_max") is not None else None,
        unit=unit[:20],
        period=period,
    )


def proposed_key(words: str) -> str:
    """The metric a target's words name, from the registry only: the synonyms table's key when
    registered, else the first registered key among the parser's readings, else "" (manual)."""
    from gonghui.plans.parser import simplified, suggest_metric_keys

    words = simplified(words)  # 職工入會率 reads as 职工入会率
    key = registered_key(match_metric_key(words))
    return key or next((k for k in suggest_metric_keys(words) if registered_key(k)), "")


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError):
        return Decimal(0)


def guiding_ideas(text: str) -> str:
    """The paragraph(s) under a heading that names 指导思想, up to the next heading-like line."""
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        if "指导思想" in line and len(line) <= 40:
            body = []
            for following in lines[index + 1 :]:
                if body and (not following or _looks_like_heading(following)):
                    break
                if following:
                    body.append(following)
            return "\n".join(body)[:4000]
    return ""


def _looks_like_heading(line: str) -> bool:
    return line[:1] in "一二三四五六七八九十（(" and len(line) <= 40 and not line.endswith("。")


@transaction.atomic
def update_item(*, item, by, month, end_month, period, text, category, uncertain, responsible=None):
    item.month, item.end_month, item.period = month, end_month, period
    item.text, item.category, item.uncertain, item.responsible = text, category, uncertain, responsible
    item.save()
    return item


@transaction.atomic
def add_item(*, plan, by, month, end_month, period, text, category, uncertain=False, responsible=None):
    last = plan.items.order_by("-order").values_list("order", flat=True).first() or 0
    return ScheduleItem.objects.create(
        org=plan.org,
        plan=plan,
        order=last + 1,
        month=month,
        end_month=end_month,
        period=period,
        text=text,
        category=category,
        uncertain=uncertain,
        responsible=responsible,
    )


@transaction.atomic
def delete_item(*, item, by):
    if item.plan.is_confirmed:
        raise ValidationError("计划已确认，不能删除事项；如不再进行，请取消该事项。")
    item.delete()


@transaction.atomic
def update_target(*, target, by, text, metric_key, comparator, value, unit, period=None, value_max=None):
    target.text, target.metric_key, target.comparator = text, metric_key, comparator
    target.value, target.unit = value, unit
    target.value_max = value_max if comparator == Comparator.BETWEEN else None
    if period:
        target.period = period
    target.save()
    return target


@transaction.atomic
def confirm_plan(*, plan, by) -> Plan:
    """The reviewed plan becomes the one the dashboard tracks for its year."""
    if plan.is_confirmed:
        return plan
    other = Plan.objects.confirmed().filter(org=plan.org, year=plan.year).exclude(pk=plan.pk)
    if other.exists():
        raise ValidationError(f"{plan.org.name}已有一份已确认的{plan.year}年计划，请先修改年度。")
    if not plan.items.exists() and not plan.targets.exists():
        raise ValidationError("计划中没有任何月份安排或目标，无法确认。")
    plan.status, plan.confirmed_at, plan.confirmed_by = PlanStatus.CONFIRMED, timezone.now(), by
    plan.save()
    return plan


@transaction.atomic
def copy_plan_to_year(*, plan, year, by) -> Plan:
    """Next year's draft: same sections, schedule and targets, all items back to planned, no manual values."""
    copy = Plan.objects.create(
        org=plan.org,
        year=year,
        title=plan.title.replace(str(plan.year), str(year)),
        source_text=plan.source_text,
        guiding_ideas=plan.guiding_ideas,
    )
    PlanSection.objects.bulk_create(
        PlanSection(org=plan.org, plan=copy, level=s.level, title=s.title, order=s.order)
        for s in plan.sections.all()
    )
    ScheduleItem.objects.bulk_create(
        ScheduleItem(
            org=plan.org,
            plan=copy,
            order=i.order,
            month=i.month,
            end_month=i.end_month,
            period=i.period,
            text=i.text,
            category=i.category,
            uncertain=i.uncertain,
            responsible=i.responsible,
        )
        for i in plan.items.all()
    )
    Target.objects.bulk_create(
        Target(
            org=plan.org,
            plan=copy,
            order=t.order,
            text=t.text,
            metric_words=t.metric_words,
            metric_key=t.metric_key,
            comparator=t.comparator,
            value=t.value,
            value_max=t.value_max,
            unit=t.unit,
            period=t.period,
        )
        for t in plan.targets.all()
    )
    return copy


NO_PROOF = "请关联一条记录、上传佐证材料，或写明无需留痕的原因，再标记完成。"


def _check_open_for_proof(item):
    if item.status == ItemStatus.CANCELLED:
        raise ValidationError("该事项已取消，不能标记为完成。")
    if not item.plan.is_confirmed:
        raise ValidationError("计划尚未确认，确认后才能登记完成情况。")


def _keep(evidence: Evidence, *, item, by) -> Evidence:
    """Save an unsaved Evidence on the item: a record of a registered type, or a file; a note alone
    proves nothing and is refused."""
    evidence.org, evidence.item, evidence.added_by = item.org, item, by
    if evidence.object_id or evidence.content_type_id:
        record = evidence.record
        kind = registry.evidence_type_of(record) if record is not None else None
        if kind is None:
            raise ValidationError("这类记录不能作为佐证。")
        rows = registry.evidence_records(kind.key, item.org.subtree(), item.plan.year)
        if not rows.filter(pk=record.pk).exists():
            raise ValidationError(f"只能关联本组织{item.plan.year}年的{kind.label}记录。")
        evidence.evidence_key = kind.key
        found = item.evidence.filter(content_type=evidence.content_type, object_id=str(record.pk)).first()
        if found:  # linked already: linking again changes nothing
            return found
    elif not evidence.file:
        raise ValidationError("说明文字不能作为佐证。" + NO_PROOF)
    evidence.save()
    return evidence


@transaction.atomic
def link_evidence(*, item, record, by, note="") -> Evidence:
    """Link a record (of a registered evidence type, in the item's org subtree and plan year) as proof."""
    _check_open_for_proof(item)
    return _keep(Evidence(record=record, note=note[:500]), item=item, by=by)


@transaction.atomic
def attach_evidence_file(*, item, file, by, note="") -> Evidence:
    """An uploaded file (already checked by forms.EvidenceFileField) as proof."""
    _check_open_for_proof(item)
    return _keep(Evidence(file=file, note=note[:500]), item=item, by=by)


@transaction.atomic
def remove_evidence(*, evidence, by) -> None:
    """Unlink a record or delete a file; a done item keeps at least one proof."""
    item = evidence.item
    if item.status == ItemStatus.DONE:
        others = item.evidence.exclude(pk=evidence.pk).exclude(object_id="", file="")
        if not others.exists() and not item.no_trace_reason:
            raise ValidationError(
                "这是该已完成事项唯一的佐证。请先关联其他记录、上传材料或写明无需留痕的原因，再移除。"
            )
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()


@transaction.atomic
def set_no_trace_reason(*, item, reason, by) -> ScheduleItem:
    """The written reason why the item leaves no record or file (「无需留痕的原因」)."""
    _check_open_for_proof(item)
    problem = no_trace_problem(reason)
    if problem:
        raise ValidationError({"reason": problem})
    item.no_trace_reason = reason.strip()
    item.save(update_fields=["no_trace_reason", "updated_at"])
    return item


def has_proof(item) -> bool:
    return bool(item.no_trace_reason) or item.evidence.exclude(object_id="", file="").exists()


@transaction.atomic
def mark_item_done(*, item, by, evidence: Evidence | None = None, reason: str = "") -> ScheduleItem:
    """The item is done, with proof: `evidence` (an unsaved Evidence: a linked record or a file), a
    record or file linked before, or `reason` (无需留痕的原因, at least a sentence)."""
    _check_open_for_proof(item)
    if evidence is not None:
        _keep(evidence, item=item, by=by)
    if reason.strip():
        set_no_trace_reason(item=item, reason=reason, by=by)
    if not has_proof(item):
        raise ValidationError(NO_PROOF)
    if item.status != ItemStatus.DONE:
        item.status, item.done_at, item.done_by = ItemStatus.DONE, timezone.now(), by
        item.save()
    return item


@transaction.atomic
def cancel_item(*, item, by, reason="") -> ScheduleItem:
    if item.status == ItemStatus.DONE:
        raise ValidationError("该事项已完成，不能取消。")
    item.status = ItemStatus.CANCELLED
    item.note = reason[:500]
    item.save()
    return item


@transaction.atomic
def reopen_item(*, item, by) -> ScheduleItem:
    item.status, item.done_at, item.done_by = ItemStatus.PLANNED, None, None
    item.save()
    return item


@transaction.atomic
def set_manual_value(*, target, value, evidence_file, by) -> Target:
    """A manual target's achieved value, with the document that proves it (required the first time)."""
    if not target.is_manual:
        raise ValidationError("该目标由系统指标自动计算，不需要手工填报。")
    if evidence_file is None and not target.manual_evidence:
        raise ValidationError("请上传佐证材料。")
    target.manual_value = value
    if evidence_file is not None:
        target.manual_evidence = evidence_file
    target.manual_updated_at, target.manual_updated_by = timezone.now(), by
    target.save()
    return target


@transaction.atomic
def replace_calendar_key(*, org) -> CalendarFeed:
    """A new secret for the org's calendar link: the old link stops working at once (auditlog
    records who replaced it, not the key)."""
    feed, _ = CalendarFeed.objects.update_or_create(org=org, defaults={"key": new_feed_key()})
    return feed
