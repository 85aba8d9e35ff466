from datetime import date, timedelta

from django import forms
from django.utils import timezone

from gonghui.core.forms import plain_numbers
from gonghui.core.uploads import UploadRefused
from gonghui.orgs.models import Org, OrgKind
from gonghui.voice import params, services
from gonghui.voice.models import (
    Audience,
    Category,
    Channel,
    Frequency,
    NoticeKind,
    OpinionKind,
    Rating,
    SuggestionStatus,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EARLIEST = date(2000, 1, 1)


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
                continue
            widget.attrs.setdefault(
                "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
            )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each checked by core.uploads (type from content, size, our name)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > services.MAX_ATTACHMENTS:
            raise forms.ValidationError(f"附件最多{services.MAX_ATTACHMENTS}个。")
        accepted = []
        for upload in files:
            try:
                accepted.append(services.accept_attachment(upload))
            except UploadRefused as error:
                raise forms.ValidationError(error.messages) from None
        return accepted


class NoticeForm(StyledForm):
    kind = forms.ChoiceField(label="公开类型", choices=NoticeKind.choices)
    category = forms.ChoiceField(label="公开类别", choices=Category.choices)
    title = forms.CharField(label="标题", max_length=120)
    body = forms.CharField(
        label="内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=50_000,
        help_text="可使用简单的 HTML 排版（段落、列表、表格、链接）；脚本等内容会被自动去除。",
    )
    audience = forms.ChoiceField(label="公开范围", choices=Audience.choices, initial=Audience.ALL)
    audience_group = forms.ModelChoiceField(label="工会小组", queryset=Org.objects.none(), required=False)
    publish_from = forms.DateField(label="公开开始日期", widget=DATE)
    publish_to = forms.DateField(label="公开截止日期", widget=DATE)
    attachments = AttachmentsField(label="附件", help_text="PDF、Word、Excel、图片，每个不超过10MB")
    publish = forms.BooleanField(label="保存后立即发布", required=False, initial=True)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        editing = bool(self.initial)
        self.fields["audience_group"].queryset = Org.objects.filter(
            kind=OrgKind.GROUP, path__startswith=org.path
        ).order_by("path")
        if editing:
            return
        today = timezone.localdate()
        self.fields["publish_from"].initial = today
        self.fields["publish_to"].initial = today + timedelta(days=params.min_posting_days() - 1)
        self.fields["kind"].initial = {
            "school": NoticeKind.SCHOOL,
            "village": NoticeKind.VILLAGE,
        }.get(org.unit_type, NoticeKind.FACTORY)

    def clean(self):
        data = super().clean()
        for name in ("publish_from", "publish_to"):
            day = data.get(name)
            if day and not (EARLIEST <= day <= date(2100, 12, 31)):
                self.add_error(name, "日期超出范围，请检查年份。")
        return data


class WithdrawForm(StyledForm):
    reason = forms.CharField(label="撤回原因", max_length=200)


class OpinionForm(StyledForm):
    kind = forms.ChoiceField(label="类型", choices=OpinionKind.choices, initial=OpinionKind.OPINION)
    body = forms.CharField(label="我的意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReplyForm(StyledForm):
    reply = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class RuleForm(StyledForm):
    kind = forms.ChoiceField(label="公开类型", choices=NoticeKind.choices)
    category = forms.ChoiceField(
        label="公开类别", choices=[("", "任一类别"), *Category.choices], required=False
    )
    frequency = forms.ChoiceField(label="频次", choices=Frequency.choices, initial=Frequency.QUARTERLY)
    note = forms.CharField(label="说明", max_length=200, required=False)


class SuggestionForm(StyledForm):
    channel = forms.ChoiceField(
        label="类型", choices=Channel.choices, widget=forms.RadioSelect, initial=Channel.SUGGESTION
    )
    title = forms.CharField(label="标题", max_length=120)
    body = forms.CharField(
        label="内容",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="合理化建议请写明现状、改进办法和预期效果；来信一事一信。",
    )
    anonymous = forms.BooleanField(
        label="匿名来信（仅限工会信箱：系统不记录您是谁，凭查询码查看答复）", required=False
    )
    attachments = AttachmentsField(label="附件（可拍照上传）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("anonymous") and data.get("channel") != Channel.MAILBOX:
            self.add_error("anonymous", "合理化建议需要署名（以便评审和奖励），匿名请选择工会信箱。")
        return data


class EvaluateForm(StyledForm):
    decision = forms.ChoiceField(
        label="评审结论",
        choices=[(s.value, s.label) for s in services.DECISIONS],
    )
    department = forms.CharField(label="承办部门", max_length=60, required=False)
    reason = forms.CharField(
        label="评审意见/不采纳理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    reply = forms.CharField(
        label="给建议人的答复",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
        help_text="留空则按评审结论自动生成。",
    )


@plain_numbers
class ImplementForm(StyledForm):
    implemented_on = forms.DateField(label="实施日期", widget=DATE)
    benefit = forms.DecimalField(
        label="经济效益(元)", max_digits=12, decimal_places=2, min_value=0, required=False
    )
    award = forms.DecimalField(
        label="奖励金额(元)", max_digits=10, decimal_places=2, min_value=0, required=False
    )

    def clean_implemented_on(self):
        day = self.cleaned_data["implemented_on"]
        if day < EARLIEST:
            raise forms.ValidationError("日期不能早于 2000 年，请检查年份。")
        return day


class RatingForm(StyledForm):
    rating = forms.ChoiceField(label="您对答复的评价", choices=Rating.choices, widget=forms.RadioSelect)


class LookupForm(StyledForm):
    reference = forms.CharField(label="查询码", max_length=20, help_text="提交匿名来信时显示的 12 位查询码")


STATUS_FILTER = [
    ("", "全部状态"),
    ("open", "待答复"),
    ("overdue", "已超期"),
    ("escalated", "逾期已上报"),
    *SuggestionStatus.choices,
]
