"""All care input is validated here; the money and workflow rules are in services.py."""

from datetime import date

from django import forms
from django.utils import timezone

from gonghui.care import uploads
from gonghui.care.models import (
    FESTIVAL_OCCASIONS,
    MUST_VISIT,
    AidKind,
    Cause,
    ContactWay,
    Level,
    Occasion,
    Origin,
)
from gonghui.care.services import EARLIEST_RECORD
from gonghui.core.forms import plain_numbers
from gonghui.members.picker import MemberPickerField
from gonghui.orgs.models import Officer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 10, "decimal_places": 2}


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


def date_not_future(value):
    """Visits, grants and contacts are recorded after they happen (today in Asia/Shanghai at the latest)."""
    if value and value > timezone.localdate():
        raise forms.ValidationError("日期不能晚于今天，请填写实际发生的日期。")
    if value and value < EARLIEST_RECORD:
        raise forms.ValidationError("日期不能早于 2000 年，请检查年份是否填错。")
    return value


@plain_numbers
class VisitForm(StyledForm):
    member = MemberPickerField(label="会员")
    occasion = forms.ChoiceField(label="走访事由", choices=Occasion.choices)
    visited_on = forms.DateField(
        label="走访日期", widget=DATE, initial=timezone.localdate, validators=[date_not_future]
    )
    visitors = forms.ModelMultipleChoiceField(
        Officer.objects.none(), label="走访人", required=False, widget=forms.CheckboxSelectMultiple
    )
    other_visitors = forms.CharField(label="其他走访人", max_length=100, required=False)
    money = forms.DecimalField(label="慰问金(元)", required=False, min_value=0, **MONEY)
    goods = forms.CharField(label="慰问品", max_length=200, required=False)
    notes = forms.CharField(label="情况记录", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(label="照片", required=False, help_text="JPEG/PNG/WebP，不超过 8 MB")
    override_reason = forms.CharField(label="超限说明", max_length=200, required=False)

    def __init__(self, *args, members, org, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].pick_from(members, org)
        self.fields["visitors"].queryset = officers

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return uploads.accept_photo(photo) if photo else None


class OccurrenceForm(StyledForm):
    member = MemberPickerField(label="会员")
    kind = forms.ChoiceField(label="事由", choices=[(o.value, o.label) for o in MUST_VISIT])
    occurred_on = forms.DateField(
        label="发生日期", widget=DATE, initial=timezone.localdate, validators=[date_not_future]
    )
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, members, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].pick_from(members, org)


class OwnOccurrenceForm(StyledForm):
    kind = forms.ChoiceField(label="事由", choices=[(o.value, o.label) for o in MUST_VISIT])
    occurred_on = forms.DateField(
        label="发生日期", widget=DATE, initial=timezone.localdate, validators=[date_not_future]
    )
    note = forms.CharField(label="说明（如住院医院、科室）", max_length=300, required=False)


class CloseOccurrenceForm(StyledForm):
    closed_on = forms.DateField(
        label="结束日期", widget=DATE, initial=timezone.localdate, validators=[date_not_future]
    )


@plain_numbers
class CampaignForm(StyledForm):
    occasion = forms.ChoiceField(label="慰问活动", choices=[(o.value, o.label) for o in FESTIVAL_OCCASIONS])
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=lambda: date.today().year)
    due_on = forms.DateField(label="完成期限", widget=DATE)


@plain_numbers
class CaseForm(StyledForm):
    member = MemberPickerField(label="困难职工")
    origin = forms.ChoiceField(label="来源", choices=Origin.choices)
    opened_on = forms.DateField(
        label="申请/认定日期", widget=DATE, initial=timezone.localdate, validators=[date_not_future]
    )
    household_size = forms.IntegerField(label="家庭人口", min_value=1, max_value=30, initial=1)
    household_members = forms.CharField(
        label="家庭成员情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="姓名、关系、年龄、就业或就学情况，每人一行",
    )
    income_per_head = forms.DecimalField(
        label="家庭月人均收入(元)", min_value=0, max_value=1_000_000, **MONEY
    )
    causes = forms.MultipleChoiceField(
        label="致困原因", choices=Cause.choices, widget=forms.CheckboxSelectMultiple
    )
    cause_detail = forms.CharField(
        label="困难情况说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    level = forms.ChoiceField(label="困难类别", choices=Level.choices)
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, members, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].pick_from(members, org)


class NoteForm(StyledForm):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HomeVisitForm(NoteForm):
    visited_on = forms.DateField(
        label="入户核查日期", widget=DATE, initial=timezone.localdate, validators=[date_not_future]
    )
    note = forms.CharField(label="核查情况", widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(NoteForm):
    approved = forms.TypedChoiceField(
        label="审核意见", choices=[("yes", "同意建档"), ("no", "不予建档")], coerce=lambda v: v == "yes"
    )


class NoticeForm(NoteForm):
    start = forms.DateField(label="公示开始", widget=DATE, initial=timezone.localdate)
    end = forms.DateField(label="公示结束", widget=DATE)


@plain_numbers
class YearlyReviewForm(NoteForm):
    """年度复核: blank income or level means unchanged."""

    income_per_head = forms.DecimalField(
        label="复核后家庭月人均收入(元)",
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text="有变化时填写，不填则不变",
        **MONEY,
    )
    level = forms.ChoiceField(label="复核后困难类别", required=False, choices=[("", "不变"), *Level.choices])


class EndPairingForm(StyledForm):
    reason = forms.CharField(label="结束原因", max_length=200)
    ended_on = forms.DateField(
        label="结束日期", widget=DATE, initial=timezone.localdate, validators=[date_not_future]
    )


class ExitForm(NoteForm):
    reason = forms.CharField(label="解困原因", max_length=200)


class DocumentForm(StyledForm):
    title = forms.CharField(label="材料名称", max_length=100)
    file = forms.FileField(label="文件", help_text="PDF/JPEG/PNG/WebP，不超过 10 MB")

    def clean_file(self):
        return uploads.accept_document(self.cleaned_data["file"])


@plain_numbers
class AidForm(StyledForm):
    case = forms.ModelChoiceField(None, label="困难档案", required=False)
    member = MemberPickerField(label="受助会员（无档案时）", required=False)
    kind = forms.ChoiceField(label="帮扶类型", choices=AidKind.choices)
    amount = forms.DecimalField(label="金额(元)", **MONEY)
    paid_on = forms.DateField(
        label="发放日期", widget=DATE, initial=timezone.localdate, validators=[date_not_future]
    )
    fund_source = forms.CharField(label="资金来源", max_length=100, initial="工会经费")
    approved_by = forms.CharField(label="审批人", max_length=50)
    student_school = forms.CharField(label="就读学校（金秋助学）", max_length=100, required=False)
    student_grade = forms.CharField(label="年级（金秋助学）", max_length=30, required=False)
    emergency = forms.BooleanField(label="紧急救助（未建档）", required=False)
    emergency_reason = forms.CharField(label="紧急救助理由", max_length=200, required=False)
    override_reason = forms.CharField(label="超限说明", max_length=200, required=False)

    def __init__(self, *args, cases, members, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["member"].pick_from(members, org)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("case") and not cleaned.get("member") and not self.has_error("case"):
            self.add_error("case", "请选择困难档案，或在无档案的紧急救助中选择受助会员。")
        return cleaned


class PairingForm(StyledForm):
    officer = forms.ModelChoiceField(Officer.objects.none(), label="结对干部")
    started_on = forms.DateField(
        label="结对日期", widget=DATE, initial=timezone.localdate, validators=[date_not_future]
    )
    note = forms.CharField(label="帮扶措施", max_length=300, required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class ContactForm(StyledForm):
    contacted_on = forms.DateField(
        label="联系日期", widget=DATE, initial=timezone.localdate, validators=[date_not_future]
    )
    way = forms.ChoiceField(label="方式", choices=ContactWay.choices)
    note = forms.CharField(label="情况", max_length=300)


@plain_numbers
class ToVisitWindowForm(StyledForm):
    birthday_days = forms.IntegerField(label="生日提前天数", min_value=0, max_value=92, required=False)
    retirement_days = forms.IntegerField(label="退休提前天数", min_value=0, max_value=366, required=False)


@plain_numbers
class LedgerForm(forms.Form):
    """The year of a ledger; none given means this year."""

    YEAR_ERROR = "年份须是 2000 到 2100 之间的整数，例如 2026。"
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": YEAR_ERROR, "min_value": YEAR_ERROR, "max_value": YEAR_ERROR},
    )

    def clean_year(self):
        return self.cleaned_data["year"] or date.today().year
