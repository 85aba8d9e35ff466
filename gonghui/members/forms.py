"""Every HTML input of the members app is validated here, with Chinese messages."""

import datetime as dt

from django import forms

from gonghui.core.forms import plain_numbers
from gonghui.core.masking import mask_id, mask_phone
from gonghui.members import roster
from gonghui.members.models import AGE_BANDS, EmploymentType, Gender, Member, MemberStatus
from gonghui.orgs.models import Org, OrgKind

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        else:
            widget.attrs.setdefault("class", "form-control")


class MemberForm(forms.ModelForm):
    """Join (new member) and edit. Gender and birth date come from the ID number.

    Editing never puts the full ID number or phone into the page: the form shows them masked
    (seeing them in full is the logged reveal on the member page) and offers a box to replace
    the phone. The ID number is not editable: a different person is a new record."""

    group = forms.ModelChoiceField(queryset=Org.objects.none(), required=False, label="工会小组")
    clear_phone = forms.BooleanField(label="删除手机号", required=False)

    class Meta:
        model = Member
        fields = [
            "name", "id_number", "phone", "ethnicity", "education", "political_status",
            "employment_type", "join_date", "member_number",
        ]  # fmt: skip
        widgets = {"join_date": DATE}
        help_texts = {"id_number": "18 位，性别和出生日期按身份证号自动填写"}

    def __init__(self, *args, union: Org, groups, whole_union: bool = True, **kwargs):
        """`groups`: the groups the editor may place a member in; `whole_union`: whether they may
        also keep a member at the union itself (a group leader may not: that moves them out)."""
        super().__init__(*args, **kwargs)
        self.union = union
        self.fields["group"].queryset = groups.filter(
            path__startswith=union.path, kind=OrgKind.GROUP
        ).order_by("path")
        self.fields["group"].required = not whole_union
        self.editing = not self.instance._state.adding
        if self.editing and self.instance.org.kind == OrgKind.GROUP:
            self.fields["group"].initial = self.instance.org
        if self.editing:
            self._mask_sensitive()
        else:
            del self.fields["clear_phone"]
        _style(self)

    def _mask_sensitive(self):
        current = self.instance
        del self.fields["id_number"]
        self.fields["id_number_shown"] = forms.CharField(
            label="身份证号", required=False, disabled=True, initial=mask_id(current.id_number),
            help_text="身份证号不能修改：换了人请办理退会后新入会",
        )  # fmt: skip
        self.order_fields(["name", "id_number_shown"])
        self.initial["phone"] = ""
        self.fields["phone"].help_text = (
            f"现为 {mask_phone(current.phone)}，留空不变；填写新号码即替换"
            if current.phone
            else "未登记，可填写"
        )
        if not current.phone:
            del self.fields["clear_phone"]

    def _normalised(self, field, normalise):
        try:
            return normalise(self.cleaned_data.get(field, ""))
        except roster.Invalid as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_name(self):
        return self._normalised("name", roster.normalise_name)

    def clean_id_number(self):
        return self._normalised("id_number", roster.normalise_id)

    def clean_phone(self):
        phone = self._normalised("phone", roster.normalise_phone)
        if self.editing and not phone:
            return "" if self.data.get(self.add_prefix("clear_phone")) else self.instance.phone
        return phone

    def clean(self):
        cleaned = super().clean()
        id_number = self.instance.id_number if self.editing else cleaned.get("id_number")
        join_date = cleaned.get("join_date")
        if id_number:
            cleaned["gender"] = roster.id_gender(id_number)
            cleaned["birth_date"] = roster.id_birth_date(id_number)
            if join_date and join_date < cleaned["birth_date"]:
                self.add_error("join_date", "入会日期早于出生日期")
        if join_date and join_date > dt.date.today():
            self.add_error("join_date", "入会日期不能晚于今天")
        return cleaned

    def member_fields(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields}
        data["gender"] = self.cleaned_data["gender"]
        data["birth_date"] = self.cleaned_data["birth_date"]
        return data


class StatusChangeForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE, initial=dt.date.today)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > dt.date.today():
            raise forms.ValidationError("日期不能晚于今天")
        return on


class TransferForm(forms.Form):
    to_org_code = forms.CharField(label="转入工会代码", max_length=40, help_text="请向对方工会询问其代码")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_to_org_code(self):
        code = self.cleaned_data["to_org_code"].strip().lower()
        org = Org.objects.filter(code=code, kind=OrgKind.UNION).first()
        if org is None:
            raise forms.ValidationError("找不到这个代码的基层工会")
        self.cleaned_data["to_org"] = org
        return code


class AcceptTransferForm(forms.Form):
    group = forms.ModelChoiceField(queryset=Org.objects.none(), required=False, label="编入小组")

    def __init__(self, *args, union: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Org.objects.filter(path__startswith=union.path, kind=OrgKind.GROUP)
        _style(self)


class RejectForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200, required=False)


@plain_numbers
class RosterFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *MemberStatus.choices]
    )
    group = forms.ModelChoiceField(queryset=Org.objects.none(), required=False, label="小组",
                                   empty_label="全部小组")  # fmt: skip
    employment_type = forms.ChoiceField(
        label="用工形式", required=False, choices=[("", "全部用工形式"), *EmploymentType.choices]
    )
    gender = forms.ChoiceField(label="性别", required=False, choices=[("", "全部性别"), *Gender.choices])
    age = forms.ChoiceField(
        label="年龄", required=False, choices=[("", "全部年龄"), *((k, v[0]) for k, v in AGE_BANDS.items())]
    )
    # a number box, not a select of 75 years: rendering that many options costs more than the query
    joined = forms.IntegerField(label="入会年份", required=False, min_value=1949, max_value=2100)

    def __init__(self, *args, org: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Org.objects.filter(path__startswith=org.path, kind=OrgKind.GROUP)
        self.fields["q"].widget.attrs["placeholder"] = "姓名 / 拼音首字母 / 身份证后几位 / 手机"
        self.fields["joined"].widget.attrs["placeholder"] = "入会年份"
        _style(self)

    SELECTS = ("status", "group", "employment_type", "gender", "age")

    def selects(self) -> list[dict]:
        """The select boxes as plain data: the page renders them in a loop, much cheaper than
        Django's widget templates (the roster page is the busiest page of the app)."""
        out = []
        for name in self.SELECTS:
            field = self.fields[name]
            current = self.data.get(name, "") if self.is_bound else ""
            choices = [(str(value), str(label)) for value, label in field.choices]
            out.append({"name": name, "label": field.label, "choices": choices, "current": str(current)})
        return out

    def apply(self, queryset, search=None):
        """The roster filtered as on screen (an invalid filter is ignored, never a 500).
        `search(queryset, q)` replaces the plain search (members.lookup.search: as deep as the viewer may)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("group"):
            queryset = queryset.filter(org=data["group"])
        if data.get("employment_type"):
            queryset = queryset.filter(employment_type=data["employment_type"])
        if data.get("gender"):
            queryset = queryset.filter(gender=data["gender"])
        if data.get("age"):
            queryset = queryset.age_band(data["age"])
        if data.get("joined"):
            queryset = queryset.joined_in(data["joined"])
        if data.get("q"):
            queryset = search(queryset, data["q"]) if search else queryset.search(data["q"])
        return queryset


class UploadForm(forms.Form):
    file = forms.FileField(label="名册文件", help_text=".xlsx、.xls、.ods 或 .csv（UTF-8 或 GBK）")

    MAX_BYTES = 200 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in roster.SPREADSHEET_SUFFIXES + roster.CSV_SUFFIXES:
            raise forms.ValidationError("不支持的文件类型，请上传 .xlsx、.xls、.ods 或 .csv 文件")
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("文件太大（最大 200 MB），请拆分后分批导入")
        return upload


class MappingForm(forms.Form):
    """One select per sheet column: which field it holds (or 不导入)."""

    def __init__(self, *args, headers: list[str], mapping: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", "（不导入）"), *roster.FIELD_LABELS.items()]
        for index, header in enumerate(headers):
            self.fields[f"col{index}"] = forms.ChoiceField(
                label=header or f"第 {index + 1} 列", choices=options, required=False,
                initial=mapping.get(index, ""),
            )  # fmt: skip
        _style(self)

    def clean(self):
        cleaned = super().clean()
        chosen = [v for v in cleaned.values() if v]
        doubled = {roster.FIELD_LABELS[v] for v in chosen if chosen.count(v) > 1}
        if doubled:
            raise forms.ValidationError(f"“{'、'.join(sorted(doubled))}”对应了多列，请只选一列")
        missing = [roster.FIELD_LABELS[f] for f in roster.REQUIRED if f not in chosen]
        if missing:
            raise forms.ValidationError(f"请指定“{'、'.join(missing)}”对应的列")
        return cleaned

    def mapping(self) -> dict[int, str]:
        # every column, "" for 不导入: the choice replaces the guess entirely
        return {int(name[3:]): value or "" for name, value in self.cleaned_data.items()}
