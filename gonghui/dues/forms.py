from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone

from gonghui.core import uploads
from gonghui.core.forms import plain_numbers
from gonghui.dues import months, services
from gonghui.dues.models import DuesBase, DuesMode, DuesSetting, PaymentMethod
from gonghui.members.picker import MemberPickerField

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class MonthField(forms.CharField):
    """A month typed as 2025-03 (the browser's month picker), 2025.3 or 2025年3月; cleaned to a month index."""

    widget = forms.TextInput(attrs={"type": "month", "class": "form-control", "placeholder": "2025-01"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return months.parse(value)
        except ValueError:
            raise forms.ValidationError("月份格式不正确，请填写如 2025-03。")

    def prepare_value(self, value):
        return months.label(value) if isinstance(value, int) else value


@plain_numbers
class SettingForm(forms.ModelForm):
    class Meta:
        model = DuesSetting
        fields = ["mode", "rate", "fixed_amount"]
        widgets = {
            "mode": forms.RadioSelect(),
            "rate": forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
            "fixed_amount": forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
        }
        help_texts = {"rate": "《工会法》规定会员按月工资收入的 0.5%（千分之五）缴纳会费"}

    def clean_rate(self):
        rate = self.cleaned_data["rate"]
        if rate is None or not (Decimal("0") < rate <= Decimal("5")):
            raise forms.ValidationError("比例应在 0 到 5% 之间。")
        return rate

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == DuesMode.FIXED:
            amount = cleaned.get("fixed_amount")
            if amount is None or amount <= 0:
                self.add_error("fixed_amount", "固定金额方式需要填写大于 0 的月缴金额。")
            elif amount > 2000:
                self.add_error("fixed_amount", "月缴金额过大，请核对。")
        return cleaned


@plain_numbers
class WageForm(forms.ModelForm):
    class Meta:
        model = DuesBase
        fields = ["monthly_wage"]
        widgets = {
            "monthly_wage": forms.NumberInput(
                attrs={"class": "form-control", "step": "0.01", "placeholder": "月工资收入（元）"}
            )
        }

    def clean_monthly_wage(self):
        wage = self.cleaned_data["monthly_wage"]
        if wage is None or wage <= 0 or wage > 1_000_000:
            raise forms.ValidationError("月工资应大于 0 且不超过 100 万元。")
        return wage


@plain_numbers
class PaymentForm(forms.Form):
    member = MemberPickerField(
        label="会员",
        error_messages={
            "required": "请先搜索并选择会员。",
            "invalid_choice": "找不到该会员，或您无权为其登记。",
        },
    )
    first_month = MonthField(label="起始月份")
    last_month = MonthField(label="截止月份")
    amount = forms.DecimalField(
        label="金额(元)",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01", "inputmode": "decimal"}),
    )
    paid_on = forms.DateField(label="缴费日期", widget=DATE, initial=timezone.localdate)
    method = forms.ChoiceField(
        label="缴费方式", choices=PaymentMethod.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    note = forms.CharField(
        label="备注", max_length=200, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, members, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].pick_from(members, org)

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        services.validate_paid_on(paid_on)
        return paid_on

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_month"), cleaned.get("last_month")
        if first is not None and last is not None and last < first:
            self.add_error("last_month", "截止月份不能早于起始月份。")
        return cleaned


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="作废原因",
        max_length=200,
        error_messages={"required": "请填写作废原因。", "max_length": "作废原因最多 200 字。"},
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm", "placeholder": "如：重复登记"}
        ),
    )


class PeriodForm(forms.Form):
    """The period and group filter of the arrears list and exports (GET)."""

    first_month = MonthField(label="从", required=False)
    last_month = MonthField(label="到", required=False)
    group = forms.ChoiceField(
        label="工会小组", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "全部")] + [(g.code, g.name) for g in groups]

    def period(self, today: date) -> tuple[int, int]:
        """This year up to this month unless the user chose otherwise; a reversed range is put right."""
        data = self.cleaned_data if self.is_valid() else {}
        first = data.get("first_month") or months.month_index(today.year, 1)
        last = data.get("last_month") or months.of_date(today)
        return (first, last) if first <= last else (last, first)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="缴费表格",
        help_text="支持 .xlsx、.xls、.csv（UTF-8 或 GBK）。列：身份证号或会员证号、起始月份、截止月份、金额、缴费日期、缴费方式",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.xls,.ods,.csv"}),
    )

    def clean_file(self):
        return uploads.accept_upload(
            self.cleaned_data["file"], allowed=uploads.SHEETS, max_bytes=50 * uploads.MB, what="缴费表格"
        )
