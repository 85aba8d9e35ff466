"""The sensitive-access log as a page and a workbook: who saw whose ID number, phone or hardship
file, when, how (viewed, exported, found by searching) and from where."""

import datetime as dt
import io

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.utils import timezone

from gonghui.core.models import SensitiveAccess
from gonghui.core.workbooks import workbook as safe_workbook

ACTIONS = {"view": "查看", "export": "导出", "search": "查找", "list": "列表查看"}
FIELDS = {"id_number": "身份证号", "phone": "手机"}
EXPORT_LIMIT = 50_000
HEADERS = ["时间", "查看人", "账号", "方式", "对象", "字段", "组织", "IP 地址"]


class AccessLogFilter(forms.Form):
    user = forms.CharField(label="查看人", required=False, max_length=150)
    start = forms.DateField(label="从", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="到", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    field = forms.CharField(label="字段", required=False, max_length=50)
    action = forms.ChoiceField(label="方式", required=False, choices=[("", "全部"), *ACTIONS.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].widget.attrs["placeholder"] = "账号或姓名"
        self.fields["field"].widget.attrs["placeholder"] = "如 身份证号、手机"
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError("开始日期晚于结束日期，请调换")
        return cleaned


def entries(org, form: AccessLogFilter):
    """The log of the org's subtree, filtered as on screen (an invalid filter is ignored)."""
    rows = SensitiveAccess.objects.filter(org__path__startswith=org.path)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("user"):
        people = get_user_model().objects.filter(
            Q(username__icontains=data["user"]) | Q(first_name__icontains=data["user"])
            | Q(last_name__icontains=data["user"])
        )  # fmt: skip
        rows = rows.filter(user__in=people)
    if data.get("start"):
        rows = rows.filter(at__gte=_day_start(data["start"]))
    if data.get("end"):
        rows = rows.filter(at__lt=_day_start(data["end"] + dt.timedelta(days=1)))
    if data.get("field"):
        wanted = [k for k, label in FIELDS.items() if data["field"] in label] or [data["field"]]
        rows = rows.filter(field__in=wanted)
    if data.get("action"):
        rows = rows.filter(action=data["action"])
    return rows.select_related("user", "org").order_by("-at", "-id")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def rows(entries) -> list[dict]:
    """Plain rows with whose data it was (the person's name, looked up per kind of record)."""
    entries = list(entries)
    names = _object_names(entries)
    return [
        {
            "at": timezone.localtime(e.at),
            "who": e.user.get_full_name() or e.user.username,
            "username": e.user.username,
            "action": ACTIONS.get(e.action, e.action),
            "object": names.get((e.object_type, e.object_id), "（已删除）"),
            "field": _field_label(e),
            "org": e.org.name if e.org else "",
            "ip": e.ip or "",
        }
        for e in entries
    ]


def _object_names(entries) -> dict:
    wanted: dict[str, set] = {}
    for e in entries:
        wanted.setdefault(e.object_type, set()).add(e.object_id)
    names = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        kind = str(model._meta.verbose_name)
        try:
            found = list(model.objects.filter(pk__in=ids))
        except (ValidationError, ValueError):  # a malformed stored id must not break the page
            continue
        for obj in found:
            names[(label, str(obj.pk))] = f"{kind}：{_person(obj)}"
    return names


def _person(obj) -> str:
    member = getattr(obj, "member", None)
    return getattr(member, "name", None) or getattr(obj, "name", None) or str(obj)


def _field_label(entry) -> str:
    if entry.field in FIELDS:
        return FIELDS[entry.field]
    try:
        return str(apps.get_model(entry.object_type)._meta.get_field(entry.field).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):  # a ledger logs its name, not a field
        return entry.field


def workbook(entries) -> bytes:
    """The filtered log as .xlsx; text is never read as a formula (names are user input)."""
    buffer = io.BytesIO()
    book = safe_workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("敏感信息查看记录")
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows(entries[:EXPORT_LIMIT]), start=1):
        values = [row["at"].strftime("%Y-%m-%d %H:%M:%S"), row["who"], row["username"], row["action"]]
        values += [row["object"], row["field"], row["org"], row["ip"]]
        sheet.write_row(r, 0, values)
    sheet.set_column(0, 0, 20)
    sheet.set_column(4, 4, 24)
    book.close()
    return buffer.getvalue()
