from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from gonghui.activities import services
from gonghui.activities.forms import ActivityForm
from gonghui.activities.models import Activity, Attendance, CheckInMethod
from gonghui.core import access
from gonghui.core.api_params import Year
from gonghui.members.models import Member

router = Router(tags=["活动"])


class ActivityOut(Schema):
    id: UUID
    org_code: str
    title: str
    category: str
    start: datetime
    end: datetime
    place: str
    audience: str
    capacity: int | None
    signup_deadline: datetime | None
    signed_up: int
    waiting: int
    attended: int


class ActivityDetailOut(ActivityOut):
    organiser: str
    description: str
    budget: Decimal | None
    actual_cost: Decimal | None


class ActivityIn(Schema):
    org_code: str
    title: str
    category: str = "other"
    start: datetime
    end: datetime
    place: str = ""
    organiser: str = ""
    audience: str = "all"
    capacity: int | None = None
    signup_deadline: datetime | None = None
    budget: Decimal | None = None
    actual_cost: Decimal | None = None
    description: str = ""


class AttendanceOut(Schema):
    id: UUID
    member_id: UUID
    member_name: str
    status: str
    attended_at: datetime | None
    check_in_method: str


def _out(a, detail=False):
    data = dict(
        id=a.pk,
        org_code=a.org.code,
        title=a.title,
        category=a.category,
        start=a.start,
        end=a.end,
        place=a.place,
        audience=a.audience,
        capacity=a.capacity,
        signup_deadline=a.signup_deadline,
        signed_up=a.signed_up_count,
        waiting=a.waiting_count,
        attended=a.attended_count,
    )
    if detail:
        data.update(
            organiser=a.organiser, description=a.description, budget=a.budget, actual_cost=a.actual_cost
        )
        return ActivityDetailOut(**data)
    return ActivityOut(**data)


def _attendance_out(row):
    return AttendanceOut(
        id=row.pk,
        member_id=row.member_id,
        member_name=row.member.name,
        status=row.status,
        attended_at=row.attended_at,
        check_in_method=row.check_in_method,
    )


@router.get("/", response=list[ActivityOut], summary="活动列表（可按组织、年度筛选）")
def activity_list(request, org_code: str | None = None, year: Year | None = None):
    activities = Activity.objects.all()
    if org_code:
        activities = activities.in_subtree(access.get_org_for(request.user, org_code))
    if year:
        activities = activities.in_year(year)
    rows = access.scope(request.user, activities).with_figures().order_by("-start")[:500]
    return [_out(a) for a in rows]


@router.post("/", response={201: ActivityDetailOut}, summary="新建活动")
def activity_create(request, payload: ActivityIn):
    org = access.get_org_for(request.user, payload.org_code, action=access.CHANGE)
    data = payload.dict(exclude={"org_code"})
    form = ActivityForm(data={k: v for k, v in data.items() if v is not None}, org=org)
    if not form.is_valid():
        raise HttpError(
            422,
            "；".join(
                f"{form.fields[f].label if f in form.fields else ''}：{e}"
                for f, errs in form.errors.items()
                for e in errs
            ),
        )
    form.instance.org = org
    form.instance.created_by = request.user
    activity = form.save()
    return Status(201, _out(Activity.objects.with_figures().get(pk=activity.pk), detail=True))


@router.get("/{activity_id}", response=ActivityDetailOut, summary="活动详情")
def activity_detail(request, activity_id: UUID):
    return _out(
        access.get_object_for(request.user, Activity.objects.with_figures(), id=activity_id), detail=True
    )


@router.post(
    "/{activity_id}/signups",
    response={201: AttendanceOut},
    summary="报名（查询参数 member_id；不填为本人报名）",
)
def sign_up(request, activity_id: UUID, member_id: UUID | None = None):
    activity = access.get_object_for(request.user, Activity, id=activity_id)
    member = _member_for(request, activity, member_id)
    try:
        row = services.sign_up(activity=activity, member=member, by=request.user)
    except ValidationError as error:
        raise HttpError(422, "；".join(error.messages))
    return Status(201, _attendance_out(row))


@router.get("/{activity_id}/attendance", response=list[AttendanceOut], summary="报名与签到名单")
def attendance_list(request, activity_id: UUID):
    activity = access.get_object_for(request.user, Activity, id=activity_id)
    return [_attendance_out(r) for r in access.scope(request.user, activity.attendances.roster())]


@router.post("/{activity_id}/attendance", response=AttendanceOut, summary="签到（点名，查询参数 member_id）")
def check_in(request, activity_id: UUID, member_id: UUID | None = None):
    activity = access.get_object_for(request.user, Activity, id=activity_id)
    if member_id is None:
        raise HttpError(422, "请提供 member_id。")
    member = access.get_object_for(request.user, Member, action=access.CHANGE, id=member_id)
    try:
        row = services.check_in(activity=activity, member=member, method=CheckInMethod.TAP, by=request.user)
    except ValidationError as error:
        raise HttpError(422, "；".join(error.messages))
    return _attendance_out(Attendance.objects.select_related("member").get(pk=row.pk))


def _member_for(request, activity, member_id):
    if member_id is None:
        member = getattr(request.user, "member", None)
        if member is None:
            raise HttpError(422, "您的账号没有关联会员档案，请提供 member_id。")
        return member
    return access.get_object_for(request.user, Member, action=access.CHANGE, id=member_id)
