"""All input of the union's own work is validated here; the rules that span fields are in services.py."""

from django import forms
from django.utils import timezone

from gonghui.core import uploads
from gonghui.core.forms import plain_numbers
from gonghui.members.picker import MemberPicker, MemberPickerField
from gonghui.orgs.models import Officer, Org
from gonghui.unionwork.models import AdoptionLevel, HonourKind, HonourLevel, MeetingKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_FILE_BYTES = 10 * uploads.MB
SCAN_TYPES = uploads.IMAGES | {"pdf"}
MATERIAL_TYPES = uploads.DOCUMENTS
PHOTO_TYPES = uploads.IMAGES - {"gif"}


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            widget.attrs.setdefault(
                "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
            )


def _officers_field(label):
    return forms.ModelMultipleChoiceField(
        Officer.objects.none(), label=label, required=False, widget=forms.CheckboxSelectMultiple
    )


def _accept(upload, allowed, what):
    return (
        uploads.accept_upload(upload, allowed=allowed, max_bytes=MAX_FILE_BYTES, what=what)
        if upload
        else None
    )


@plain_numbers(attendance=100_000)
class MeetingForm(StyledForm):
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices)
    title = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(label="会议日期", widget=DATE, initial=timezone.localdate)
    place = forms.CharField(label="地点", max_length=100, required=False)
    host = forms.CharField(label="主持人", max_length=50, required=False)
    recorder = forms.CharField(label="记录人", max_length=50, required=False)
    officers = _officers_field("出席委员")
    delegates = forms.CharField(label="出席代表/会员", max_length=300, required=False)
    invited = forms.CharField(label="列席/邀请人员", max_length=200, required=False)
    absent = forms.CharField(label="缺席人员及原因", max_length=200, required=False)
    attendance = forms.IntegerField(label="出席人数", min_value=0, required=False)
    agenda = forms.CharField(label="议题", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    minutes = forms.CharField(
        label="会议记录",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="会后填写；也可上传手写记录的扫描件或照片。",
    )
    minutes_scan = forms.FileField(label="会议记录扫描件（PDF 或图片）", required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = officers

    def clean_minutes_scan(self):
        return _accept(self.cleaned_data.get("minutes_scan"), SCAN_TYPES, "会议记录扫描件")

    def clean_attendance(self):
        return self.cleaned_data.get("attendance") or 0


class DecisionForm(StyledForm):
    text = forms.CharField(label="决定事项", max_length=300)
    owner = forms.CharField(
        label="责任人",
        max_length=50,
        error_messages={"required": "请填写责任人：没有责任人的决定无法跟踪落实。"},
    )
    due_on = forms.DateField(label="完成期限", widget=DATE)


class DecisionDoneForm(StyledForm):
    done_on = forms.DateField(label="完成日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="落实情况", max_length=300, required=False)


@plain_numbers(attendance=100_000)
class StudyForm(StyledForm):
    topic = forms.CharField(label="学习主题", max_length=200)
    held_on = forms.DateField(label="学习日期", widget=DATE, initial=timezone.localdate)
    hours = forms.DecimalField(label="学时", max_digits=4, decimal_places=1, min_value=0.5, max_value=24)
    place = forms.CharField(label="地点", max_length=100, required=False)
    speaker = forms.CharField(label="主讲/领学人", max_length=50, required=False)
    officers = _officers_field("参学委员")
    attendance = forms.IntegerField(label="参加人数", min_value=0, required=False)
    materials = forms.CharField(label="学习材料", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    materials_file = forms.FileField(label="材料附件", required=False)
    notes = forms.CharField(label="学习情况/心得", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = officers

    def clean_materials_file(self):
        return _accept(self.cleaned_data.get("materials_file"), MATERIAL_TYPES, "学习材料")

    def clean_attendance(self):
        return self.cleaned_data.get("attendance") or 0


@plain_numbers
class RoundForm(StyledForm):
    name = forms.CharField(label="评选名称", max_length=100, help_text="如：2026年度优秀会员评选")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    opens_on = forms.DateField(label="推荐开始", widget=DATE)
    closes_on = forms.DateField(label="推荐截止", widget=DATE)
    publicity_days = forms.IntegerField(label="公示天数", min_value=1, max_value=30, initial=5)
    self_nomination = forms.BooleanField(label="允许会员自荐", required=False)


class _HolderForm(StyledForm):
    member = MemberPickerField(label="会员（个人荣誉）", required=False)
    group_name = forms.CharField(label="集体名称（集体荣誉）", max_length=100, required=False)

    def __init__(self, *args, members, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].pick_from(members, org)


class NominationForm(_HolderForm):
    kind = forms.ChoiceField(label="荣誉类别", choices=HonourKind.choices)
    title = forms.CharField(label="荣誉称号", max_length=100)
    nominated_by = forms.CharField(label="推荐人/推荐小组", max_length=100, required=False)
    citation = forms.CharField(label="主要事迹", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    field_order = ["kind", "title", "member", "group_name", "nominated_by", "citation"]


def colleague_options(members) -> list[dict]:
    """What a member sees of a colleague in the picker: the name and the group, nothing more."""
    return [{"pk": m.pk, "label": f"{m.name} · {m.org.name}"} for m in members]


class ColleaguePicker(MemberPicker):
    """The member picker for a member's own use: search by name or pinyin only (never numbers)."""

    template_name = "unionwork/widgets/colleague_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        queryset = getattr(getattr(self, "choices", None), "queryset", None)
        chosen = queryset.filter(pk=value).first() if context["widget"]["options"] else None
        context["widget"]["options"] = colleague_options([chosen]) if chosen else []
        return context


PERSON_KINDS = [(k, label) for k, label in HonourKind.choices if k != HonourKind.ADVANCED_GROUP]


class MemberNominationForm(StyledForm):
    """A member nominates a colleague or a group (评先推优 online), on a phone."""

    member = MemberPickerField(
        label="推荐会员（个人）",
        required=False,
        widget=ColleaguePicker,
        error_messages={"invalid_choice": "只能推荐本工会的在册会员，请从搜索结果中选择。"},
    )
    kind = forms.ChoiceField(
        label="荣誉类别（个人）", choices=PERSON_KINDS, initial=HonourKind.EXCELLENT_MEMBER
    )
    group = forms.ModelChoiceField(
        Org.objects.none(), label="或推荐集体（小组）", required=False, empty_label="（不推荐集体）"
    )
    citation = forms.CharField(
        label="推荐理由（主要事迹）",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="简要写明被推荐人的主要事迹，500 字以内。",
        error_messages={"required": "请简要写明推荐理由（主要事迹）。"},
    )
    for_group = forms.BooleanField(label="以小组名义推荐", required=False)

    def __init__(self, *args, colleagues, groups, search_url, my_group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = colleagues
        self.fields["member"].widget.search_url = search_url
        self.fields["group"].queryset = groups
        if not groups.exists():
            del self.fields["group"]
        if my_group is None:
            del self.fields["for_group"]
        else:
            self.fields["for_group"].label = f"以我所在小组（{my_group.name}）的名义推荐"

    def clean(self):
        data = super().clean()
        if not self.errors and (data.get("member") is None) == (data.get("group") is None):
            raise forms.ValidationError("请选择一位会员，或选择一个集体（小组），二者选一。")
        return data


class ObjectionForm(StyledForm):
    text = forms.CharField(
        label="异议内容",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请实事求是写明具体情况，工会将核实处理。",
        error_messages={"required": "请写明异议的具体内容。"},
    )


class ObjectionAnswerForm(StyledForm):
    answer = forms.CharField(
        label="核实情况",
        max_length=300,
        help_text="如：经核实，反映情况不属实",
        error_messages={"required": "请写明核实情况。"},
    )


@plain_numbers
class HonourForm(_HolderForm):
    kind = forms.ChoiceField(label="荣誉类别", choices=HonourKind.choices)
    title = forms.CharField(label="荣誉称号", max_length=100)
    level = forms.ChoiceField(label="级别", choices=HonourLevel.choices)
    awarded_by = forms.CharField(label="授予单位", max_length=100, required=False)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    awarded_on = forms.DateField(label="表彰日期", widget=DATE)
    citation = forms.CharField(label="主要事迹", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    field_order = [
        "kind",
        "title",
        "level",
        "awarded_by",
        "year",
        "awarded_on",
        "member",
        "group_name",
        "citation",
    ]


class DecideForm(StyledForm):
    approved = forms.TypedChoiceField(
        label="评议结果", choices=[("1", "通过"), ("0", "不通过")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="表决/决定情况", max_length=200, help_text="如：委员会表决 7 票赞成")


class PubliciseForm(StyledForm):
    start = forms.DateField(label="公示开始日期", widget=DATE, initial=timezone.localdate)


class AwardForm(StyledForm):
    awarded_on = forms.DateField(label="表彰日期", widget=DATE, initial=timezone.localdate)


class ReportForm(StyledForm):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}), max_length=20_000)
    activity = forms.ModelChoiceField(None, label="相关活动", required=False)
    photo = forms.FileField(label="照片", required=False)

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities

    def clean_photo(self):
        return _accept(self.cleaned_data.get("photo"), PHOTO_TYPES, "照片")


class AdoptForm(StyledForm):
    level = forms.ChoiceField(label="采用级别", choices=AdoptionLevel.choices)
    note = forms.CharField(
        label="采用说明", max_length=200, required=False, help_text="如：县总工会网站、工作简报第3期"
    )
