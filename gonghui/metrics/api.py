from datetime import date

from ninja import Router, Schema
from ninja.errors import HttpError

from gonghui.core import access
from gonghui.core.api_params import Limit, Offset
from gonghui.metrics import registry
from gonghui.metrics.models import MetricSnapshot
from gonghui.orgs.models import OrgKind

router = Router(tags=["指标"])


class MetricOut(Schema):
    key: str
    label: str
    unit: str
    higher_is_better: bool


class SnapshotOut(Schema):
    org_code: str
    org_name: str
    metric_key: str
    month: date
    numerator: float | None
    denominator: float | None
    value: float | None


class SnapshotPage(Schema):
    total: SnapshotOut | None
    count: int
    items: list[SnapshotOut]


@router.get("/", response=list[MetricOut], summary="已登记的指标")
def metric_list(request):
    return [
        {"key": m.key, "label": m.label, "unit": m.unit, "higher_is_better": m.higher_is_better}
        for m in registry.all_metrics()
    ]


def _out(row) -> dict:
    return {
        "org_code": row.org.code,
        "org_name": row.org.name,
        "metric_key": row.metric_key,
        "month": row.month,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "value": row.value,
    }


@router.get(
    "/{org_code}/snapshots", response=SnapshotPage, summary="总工会下各基层工会的指标快照（本年累计）"
)
def snapshots(
    request, org_code: str, key: str = "", month: str | None = None, offset: Offset = 0, limit: Limit = 100
):
    org = access.get_org_for(request.user, org_code)
    if registry.get(key) is None:
        raise HttpError(404, "没有这个指标。")
    first = _month(month) or (
        MetricSnapshot.objects.filter(org=org, metric_key=key)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    rows = MetricSnapshot.objects.filter(metric_key=key, month=first).select_related("org")
    unions = rows.filter(org__path__startswith=org.path, org__kind=OrgKind.UNION).order_by("org__path")
    total = rows.filter(org=org).first()
    return {
        "total": _out(total) if total else None,
        "count": unions.count(),
        "items": [_out(r) for r in unions[offset : offset + limit]],
    }


def _month(text):
    if not text:
        return None
    try:
        year, month = (int(p) for p in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise HttpError(422, "月份格式应为 YYYY-MM。")
