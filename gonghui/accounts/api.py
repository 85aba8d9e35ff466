"""Member accounts over the API: open a batch, read its result, reissue one first password.

The passwords themselves never travel through the API: they exist only on the printed slip.
"""

from datetime import datetime
from uuid import UUID

import pydantic
from django.core.exceptions import ValidationError
from ninja import Router, Schema

from gonghui.accounts import services, tasks
from gonghui.accounts.models import AccountBatch
from gonghui.core import access
from gonghui.core.api_docs import json_body
from gonghui.members.models import Member

router = Router(tags=["会员账号"])


class OpenIn(Schema):
    member_ids: list[UUID] | None = None  # None: every active member without an account


class SkippedOut(Schema):
    name: str
    member_number: str
    reason: str


class BatchOut(Schema):
    id: UUID
    org_code: str
    reissue: bool
    status: str
    opened: int
    skipped: list[SkippedOut]
    printed_at: datetime | None
    slips_available: bool


def _out(batch: AccountBatch) -> BatchOut:
    return BatchOut(
        id=batch.pk,
        org_code=batch.org.code,
        reissue=batch.reissue,
        status=batch.progress.status if batch.progress else "done",
        opened=batch.passwords.count(),
        skipped=batch.skipped,
        printed_at=batch.printed_at,
        slips_available=batch.slips_available,
    )


@router.post(
    "/orgs/{org_code}/batches",
    response={202: BatchOut},
    summary="为会员开通账号（后台任务；密码条须在网页上打印）",
    openapi_extra=json_body(OpenIn),
)
def open_batch(request, org_code: str):
    org = access.get_org_for(request.user, org_code, access.MEMBERS)
    payload = _body(request, OpenIn)  # read after the access check: a stranger learns nothing from a 422
    batch = tasks.start_opening(org=org, by=request.user, member_ids=payload.member_ids)
    batch.refresh_from_db()
    return 202, _out(batch)


def _body(request, schema):
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError:
        raise ValidationError(
            "请求数据格式不正确：member_ids 应为会员编号（UUID）的列表，或省略表示全部未开通的会员。"
        ) from None


@router.get("/batches/{accountbatch_id}", response=BatchOut, summary="开通结果：已开通人数与未开通原因")
def batch_detail(request, accountbatch_id: UUID):
    batch = access.get_object_for(
        request.user,
        AccountBatch.objects.select_related("org", "progress"),
        access.MEMBERS,
        id=accountbatch_id,
    )
    return _out(batch)


@router.post("/members/{member_id}/reissue", response={201: BatchOut}, summary="为一名会员补发首次密码")
def reissue(request, member_id: UUID):
    member = access.get_object_for(request.user, Member, access.MEMBERS, id=member_id)
    batch = services.reissue_first_password(member=member, by=request.user)
    return 201, _out(AccountBatch.objects.select_related("org", "progress").get(pk=batch.pk))
