from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field
from pydantic import ValidationError as SchemaError

from gonghui.core import access
from gonghui.core.api_docs import ErrorOut, json_body
from gonghui.core.pagination import keyset_page
from gonghui.dues import months, reads, services
from gonghui.dues.metrics import collection
from gonghui.dues.models import DuesPayment, PaymentMethod
from gonghui.members.models import ROSTER_ORDER, Member

router = Router(tags=["会费"])


class PaymentIn(Schema):
    first_month: str = Field(description="起始月份，如 2025-01", examples=["2025-01"])
    last_month: str = Field(description="截止月份，如 2025-03", examples=["2025-03"])
    amount: Decimal = Field(gt=0, max_digits=10, decimal_places=2)
    paid_on: date
    method: PaymentMethod
    note: str = Field(default="", max_length=200)


class PaymentOut(Schema):
    id: UUID
    member_id: UUID
    first_month: str
    last_month: str
    months: int
    amount: Decimal
    paid_on: date
    method: str
    note: str
    voided: bool = Field(description="已作废（登记错误）：不计入收缴率、欠缴和月份重叠检查")


class CreatedOut(PaymentOut):
    warnings: list[str]


class ArrearsRow(Schema):
    member_id: UUID
    name: str
    org_code: str
    months_due: int
    months_paid: int
    months_owed: int
    owed: list[str] = Field(description="欠缴月份段，如 2025-04 至 2025-06")


class ArrearsPage(Schema):
    period: str
    results: list[ArrearsRow]
    next: str | None = Field(description="下一页游标，作为 cursor 参数传回")


class RateOut(Schema):
    org_code: str
    first_month: str
    last_month: str
    months_paid: int
    months_due: int
    rate: float | None = Field(description="百分比；应缴为 0 时为 null（无数据）")


def _out(payment: DuesPayment) -> dict:
    return {
        "id": payment.pk,
        "member_id": payment.member_id,
        "first_month": months.label(payment.first_month),
        "last_month": months.label(payment.last_month),
        "months": payment.month_count,
        "amount": payment.amount,
        "paid_on": payment.paid_on,
        "method": payment.method,
        "note": payment.note,
        "voided": payment.voided,
    }


def _month(text: str | None, default: int) -> int:
    if not text:
        return default
    try:
        return months.parse(text)
    except ValueError:
        raise HttpError(422, f"月份格式不正确：{text}，请写成 2025-03。")


def _period(first: str | None, last: str | None) -> tuple[int, int]:
    today = date.today()
    a, b = _month(first, months.month_index(today.year, 1)), _month(last, months.of_date(today))
    if b < a:
        raise HttpError(422, "截止月份不能早于起始月份。")
    return a, b


@router.get("/members/{member_id}/payments", response=list[PaymentOut], summary="会员的缴费记录")
def member_payments(request, member_id: UUID):
    member = access.get_object_for(request.user, Member, id=member_id)
    found = access.scope(request.user, DuesPayment.objects.filter(member=member)).order_by("first_month")
    return [_out(p) for p in found]


@router.post(
    "/members/{member_id}/payments",
    response={201: CreatedOut, 409: ErrorOut},
    summary="登记一笔缴费（可跨多个月；与已有月份重叠会被拒绝）",
    openapi_extra=json_body(PaymentIn),
)
def create_payment(request, member_id: UUID):
    # The body is read after the permission check, so a stranger learns nothing from validation errors.
    member = access.get_object_for(request.user, Member, action=access.DUES, id=member_id)
    try:
        data = PaymentIn.model_validate_json(request.body or b"{}")
    except SchemaError as error:
        fields = "、".join(str(e["loc"][-1]) for e in error.errors() if e.get("loc"))
        raise HttpError(422, f"请求数据格式不正确：{fields}。")
    first, last = _month(data.first_month, 0), _month(data.last_month, 0)
    try:
        payment = services.record_payment(
            member=member,
            first_month=first,
            last_month=last,
            amount=data.amount,
            paid_on=data.paid_on,
            method=data.method,
            note=data.note,
            by=request.user,
        )
    except ValidationError as error:
        raise HttpError(409 if "重叠" in error.messages[0] else 422, "；".join(error.messages))
    return 201, {**_out(payment), "warnings": payment.warnings}


@router.get("/{org_code}/arrears", response=ArrearsPage, summary="欠缴名单（默认本年1月至本月）")
def arrears(request, org_code: str, first_month: str = None, last_month: str = None, cursor: str = None):
    org = access.get_org_for(request.user, org_code)
    first, last = _period(first_month, last_month)
    members = access.scope(request.user, Member.objects.in_subtree(org))
    owing = reads.with_arrears(members, first, last).select_related("org")
    rows, next_cursor = keyset_page(owing, order=ROSTER_ORDER, cursor=cursor, per_page=100)
    owed = reads.owed_months(rows, first, last)
    results = [
        {
            "member_id": m.pk,
            "name": m.name,
            "org_code": m.org.code,
            "months_due": m.months_due,
            "months_paid": m.months_paid,
            "months_owed": m.months_owed,
            "owed": [months.span_label(a, b) for a, b in owed[m.pk]],
        }
        for m in rows
    ]
    return {"period": months.span_label(first, last), "results": results, "next": next_cursor}


@router.get("/{org_code}/collection-rate", response=RateOut, summary="会费收缴率（已缴月数 / 应缴月数）")
def collection_rate(request, org_code: str, first_month: str = None, last_month: str = None):
    org = access.get_org_for(request.user, org_code)
    first, last = _period(first_month, last_month)
    paid, due = collection(org.subtree(), first, last)
    return {
        "org_code": org.code,
        "first_month": months.label(first),
        "last_month": months.label(last),
        "months_paid": paid,
        "months_due": due,
        "rate": round(paid * 100 / due, 1) if due else None,
    }
