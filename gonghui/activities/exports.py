"""Files the federation inspects: the year's ledger (.xlsx), an activity's record (.docx), contest results."""

import re
from io import BytesIO

import segno
from django.db.models import Count, Q
from django.utils import timezone
from docx import Document
from docx.shared import Cm

from gonghui.activities.models import AttendanceStatus, Category, CheckInMethod
from gonghui.core import access
from gonghui.core.workbooks import workbook


def qr_svg(url: str) -> bytes:
    out = BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2)
    return out.getvalue()


def _when(activity) -> str:
    start, end = timezone.localtime(activity.start), timezone.localtime(activity.end)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M} 至 {end:%Y-%m-%d %H:%M}"


def _sheet_name(index: int, title: str, used: set) -> str:
    # Excel sheet names: at most 31 characters, unique, none of []:*?/\
    base = re.sub(r"[\[\]:*?/\\]", "", f"{index:02d}{title}")[:31]
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:28]}-{n}"
    used.add(name)
    return name


def ledger_xlsx(*, org, year, activities, user, on_progress=None) -> bytes:
    """One row per activity, then one sign-in sheet per activity with who signed up and who came."""
    activities = (
        activities.select_related("org")
        .annotate(attended_total=Count("attendances", filter=Q(attendances__attended_at__isnull=False)))
        .order_by("start")
    )
    out = BytesIO()
    book = workbook(out, {"in_memory": True, "constant_memory": False})
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    title_format = book.add_format({"bold": True, "font_size": 14})
    money = book.add_format({"num_format": "#,##0.00"})
    summary = book.add_worksheet("活动台帐")
    summary.write(0, 0, f"{org.name} {year}年活动台帐", title_format)
    headers = [
        "序号",
        "活动名称",
        "类别",
        "日期时间",
        "地点",
        "组织者",
        "举办单位",
        "签到人数",
        "预算(元)",
        "实际花费(元)",
    ]
    summary.write_row(2, 0, headers, bold)
    widths = [6, 30, 14, 28, 20, 12, 20, 10, 12, 12]
    for col, width in enumerate(widths):
        summary.set_column(col, col, width)
    used = {"活动台帐"}
    rows = list(activities)
    rosters = _rosters(rows, user)
    for i, activity in enumerate(rows, start=1):
        row = 2 + i
        summary.write_row(
            row,
            0,
            [
                i,
                activity.title,
                CATEGORY_LABELS.get(activity.category, activity.category),
                _when(activity),
                activity.place,
                activity.organiser,
                activity.org.name,
                activity.attended_total,
            ],
        )
        for col, value in ((8, activity.budget), (9, activity.actual_cost)):
            if value is not None:
                summary.write_number(row, col, float(value), money)
        sheet = book.add_worksheet(_sheet_name(i, activity.title, used))
        _write_sign_in_sheet(sheet, activity, rosters.get(activity.pk, []), bold, title_format)
        if on_progress and (i % 20 == 0 or i == len(rows)):
            on_progress(i, len(rows))
    total_row = 3 + len(rows)
    summary.write(total_row, 1, "合计", bold)
    summary.write_number(total_row, 7, sum(a.attended_total for a in rows))
    summary.write_number(total_row, 9, float(sum((a.actual_cost or 0) for a in rows)), money)
    book.close()
    return out.getvalue()


def _rosters(activities, user) -> dict:
    """Every activity's sign-in roster in one query (a federation's year has hundreds of activities):
    activity id -> [(name, org name, status, attended_at, check-in method)], only the printed columns,
    as plain rows (model instances by the thousand cost most of a small union's ledger)."""
    from gonghui.activities.models import Attendance

    rows = Attendance.objects.filter(activity__in=[a.pk for a in activities]).roster()
    if user is not None:  # None: the server's own binder (manage.py ledger_binder), which sees all
        rows = access.scope(user, rows)
    found = {}
    for activity_id, *row in rows.values_list(
        "activity_id", "member__name", "member__org__name", "status", "attended_at", "check_in_method"
    ):
        found.setdefault(activity_id, []).append(row)
    return found


# Labels looked up once: Django's get_<field>_display() rebuilds its choices dict on every call.
CATEGORY_LABELS = dict(Category.choices)
STATUS_LABELS = dict(AttendanceStatus.choices)
CHECK_IN_LABELS = dict(CheckInMethod.choices)


def _write_sign_in_sheet(sheet, activity, rows, bold, title_format):
    sheet.write(0, 0, f"{activity.title} 签到表", title_format)
    sheet.write(1, 0, f"时间：{_when(activity)}　地点：{activity.place or '—'}")
    sheet.write_row(3, 0, ["序号", "姓名", "所在组织", "报名状态", "签到", "签到方式", "签到时间"], bold)
    for col, width in enumerate([6, 12, 22, 10, 8, 12, 18]):
        sheet.set_column(col, col, width)
    zone = timezone.get_current_timezone()  # once, not per row as timezone.localtime() does
    for i, (name, org_name, status, attended_at, method) in enumerate(rows, start=1):
        attended = attended_at is not None
        sheet.write_row(
            3 + i,
            0,
            [
                i,
                name,
                org_name,
                STATUS_LABELS.get(status, status),
                "✓" if attended else "",
                CHECK_IN_LABELS.get(method, method) if attended else "",
                f"{attended_at.astimezone(zone):%Y-%m-%d %H:%M}" if attended else "",
            ],
        )


def record_docx(*, activity, attended: int) -> bytes:
    """活动记录: what the federation's inspectors expect on file, with the photos."""
    document = Document()
    document.add_heading(f"{activity.org.name}活动记录", level=1)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    fields = [
        ("活动名称", activity.title),
        ("活动类别", activity.get_category_display()),
        ("时间", _when(activity)),
        ("地点", activity.place or "—"),
        ("组织者", activity.organiser or "—"),
        ("参加对象", activity.get_audience_display()),
        ("报名人数", str(activity.attendances.exclude(status=AttendanceStatus.CANCELLED).count())),
        ("签到人数", str(attended)),
        ("经费预算", f"{activity.budget} 元" if activity.budget is not None else "—"),
        ("实际花费", f"{activity.actual_cost} 元" if activity.actual_cost is not None else "—"),
    ]
    for label, value in fields:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_heading("活动内容", level=2)
    document.add_paragraph(activity.description or "—")
    document.add_heading("活动小结", level=2)
    document.add_paragraph(activity.summary or "—")
    for contest in activity.contests.all():
        document.add_heading(f"竞赛结果：{contest.name}", level=2)
        for entrant in contest.entrants.ranked():
            if entrant.rank:
                document.add_paragraph(f"第{entrant.rank}名　{entrant.display_name}　{entrant.award}")
    photos = list(activity.photos.all())
    if photos:
        document.add_heading("活动照片", level=2)
    for photo in photos:
        try:
            with (photo.display or photo.image).open("rb") as handle:
                document.add_picture(BytesIO(handle.read()), width=Cm(14))
        except (FileNotFoundError, OSError, ValueError):
            continue  # a photo whose file is gone does not stop the record
        if photo.caption:
            document.add_paragraph(photo.caption)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def contest_xlsx(*, contest) -> bytes:
    """The results table and the certificate list (获奖名单) of one contest."""
    out = BytesIO()
    book = workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    entrants = list(contest.entrants.ranked().select_related("member__org"))
    results = book.add_worksheet("成绩表")
    results.write_row(0, 0, ["名次", "参赛者", "所在组织", "队员", "成绩", "录入名次", "奖项"], bold)
    for i, e in enumerate(entrants, start=1):
        results.write_row(
            i,
            0,
            [
                e.rank or "",
                e.display_name,
                e.member.org.name if e.member_id else "",
                e.team_members,
                float(e.score) if e.score is not None else "",
                e.placement or "",
                e.award,
            ],
        )
    certificates = book.add_worksheet("获奖名单")
    certificates.write_row(0, 0, ["奖项", "获奖者", "所在组织", "活动", "项目", "证书编号"], bold)
    winners = [e for e in entrants if e.award]
    for i, e in enumerate(winners, start=1):
        certificates.write_row(
            i,
            0,
            [
                e.award,
                e.display_name,
                e.member.org.name if e.member_id else "",
                contest.activity.title,
                contest.name,
                f"{timezone.localdate(contest.activity.start):%Y}-{str(contest.pk)[:4].upper()}-{i:03d}",
            ],
        )
    for sheet in (results, certificates):
        sheet.set_column(0, 6, 16)
    book.close()
    return out.getvalue()
