from django import forms
from django.utils import timezone

from gonghui.core import uploads
from gonghui.core.forms import plain_numbers
from gonghui.metrics.synonyms import choices as metric_choices
from gonghui.metrics.synonyms import label_for
from gonghui.orgs.models import Officer
from gonghui.plans import upload
from gonghui.plans.models import (
    NO_TRACE_HELP,
    Category,
    Comparator,
    Evidence,
    Period,
    Plan,
    Target,
    TargetPeriod,
    no_trace_problem,
)
from gonghui.reports import registry

MONTH_CHOICES = [("", "—")] + [(m, f"{m}月") for m in range(1, 13)]
PERIOD_CHOICES = [("", "—")] + list(Period.choices)


def _year_field(**kwargs):
    return forms.IntegerField(label="年度", min_value=2000, max_value=2100, **kwargs)


@plain_numbers
class PlanTextForm(forms.Form):
    text = forms.CharField(
        label="粘贴计划全文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": "把整份工作计划的文字粘贴到这里"}),
    )
    file = forms.FileField(
        label="或上传文件（.txt / .docx / .pdf / .doc / .wps）",
        required=False,
        help_text="Word 中的表格按行读取；扫描的 PDF 读不出文字，请上传文字版。",
    )
    year = _year_field(required=False, help_text="留空则按计划中写明的年度，没有写明则为今年")
    # Set on the second step when the text holds several plans (see views.plan_create).
    split = forms.ChoiceField(
        choices=[("", "—"), ("parts", "分成几份计划"), ("whole", "作为一份计划")],
        required=False,
        widget=forms.HiddenInput,
    )

    def clean_file(self):
        found = self.cleaned_data.get("file")
        if not found:
            return None
        try:
            return upload.plan_text(found.name, found.read())
        except upload.UploadError as error:
            raise forms.ValidationError(str(error))

    def clean(self):
        data = super().clean()
        text = (data.get("file") or data.get("text") or "").strip()
        if not text and not self.errors:
            raise forms.ValidationError("请粘贴计划文字或上传计划文件。")
        data["plan_text"] = text.replace("\r\n", "\n")
        return data


@plain_numbers
class PlanEditForm(forms.ModelForm):
    year = _year_field()

    class Meta:
        model = Plan
        fields = ["title", "year", "guiding_ideas"]
        widgets = {"guiding_ideas": forms.Textarea(attrs={"rows": 5})}


@plain_numbers
class CopyPlanForm(forms.Form):
    year = _year_field()


def _styled(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            continue
        css = (
            "form-select form-select-sm"
            if isinstance(widget, forms.Select)
            else "form-control form-control-sm"
        )
        widget.attrs.setdefault("class", css)
        widget.attrs.setdefault("aria-label", field.label)


class ItemForm(forms.Form):
    month = forms.TypedChoiceField(
        label="月份", choices=MONTH_CHOICES, coerce=int, empty_value=None, required=False
    )
    end_month = forms.TypedChoiceField(
        label="至", choices=MONTH_CHOICES, coerce=int, empty_value=None, required=False
    )
    period = forms.ChoiceField(label="或时段", choices=PERIOD_CHOICES, required=False)
    text = forms.CharField(label="内容", max_length=500)
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    uncertain = forms.BooleanField(label="时间待核实", required=False)
    responsible = forms.ModelChoiceField(label="负责人", queryset=Officer.objects.none(), required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Officer.objects.filter(org=org).order_by("post", "name")
        self.fields["responsible"].empty_label = "负责人（可选）"
        _styled(self)

    @classmethod
    def for_item(cls, item, data=None):
        initial = {
            "month": item.month,
            "end_month": item.end_month,
            "period": item.period,
            "text": item.text,
            "category": item.category,
            "uncertain": item.uncertain,
            "responsible": item.responsible_id,
        }
        return cls(data, initial=initial, org=item.org, prefix=f"i{item.pk.hex[:8]}")

    def clean(self):
        data = super().clean()
        month, end_month = data.get("month"), data.get("end_month")
        if month:
            data["period"] = ""
            if end_month and end_month < month:
                self.add_error("end_month", "结束月份不能早于开始月份。")
            if end_month == month:
                data["end_month"] = None
        elif not data.get("period"):
            raise forms.ValidationError("请选择月份或时段。")
        else:
            data["end_month"] = None
        return data


@plain_numbers
class TargetForm(forms.Form):
    text = forms.CharField(label="目标", max_length=500)
    metric_key = forms.ChoiceField(label="对应指标", required=False)
    period = forms.ChoiceField(label="周期", choices=TargetPeriod.choices)
    comparator = forms.ChoiceField(label="比较", choices=Comparator.choices)
    value = forms.DecimalField(label="目标值", max_digits=12, decimal_places=2, min_value=0)
    value_max = forms.DecimalField(label="上限", max_digits=12, decimal_places=2, min_value=0, required=False)
    unit = forms.CharField(label="单位", max_length=20, required=False)

    def clean(self):
        data = super().clean()
        if data.get("comparator") == Comparator.BETWEEN:
            low, high = data.get("value"), data.get("value_max")
            if high is None:
                self.add_error("value_max", "“介于”的目标请填写上限。")
            elif low is not None and high < low:
                self.add_error("value_max", "上限不能小于目标值。")
        return data

    def __init__(self, *args, current_key="", label="", **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", "手工填报")] + metric_choices()
        if current_key and current_key not in dict(options):
            # Kept so saving the form does not silently drop it; it is filled in by hand meanwhile.
            options.append((current_key, f"{label_for(current_key, fallback=label)}（暂手工填报）"))
        self.fields["metric_key"].choices = options
        self.fields["value_max"].widget.attrs["placeholder"] = "上限（仅“介于”）"
        self.fields["value"].widget.attrs["aria-label"] = "目标值"
        self.fields["value_max"].widget.attrs["aria-label"] = "上限"
        _styled(self)

    @classmethod
    def for_target(cls, target: Target, data=None):
        fields = ("text", "metric_key", "period", "comparator", "value", "value_max", "unit")
        initial = {f: getattr(target, f) for f in fields}
        return cls(
            data,
            initial=initial,
            current_key=target.metric_key,
            label=target.metric_label,
            prefix=f"t{target.pk.hex[:8]}",
        )


class EvidenceFileField(forms.FileField):
    """A photo, PDF, Word or Excel file proving an item was done, checked and named by core.uploads."""

    def clean(self, data, initial=None):
        found = super().clean(data, initial)
        if not found:
            return found
        stored = uploads.accept_upload(
            found, allowed=upload.EVIDENCE_KINDS, max_bytes=upload.MAX_EVIDENCE_BYTES, what="佐证材料"
        )
        return stored.as_file()


class DoneForm(forms.Form):
    """Mark done with proof given on the spot: a file, or the reason no trace is needed (records are
    linked on the item's page with the picker)."""

    file = EvidenceFileField(label="佐证材料（照片、签到表等）", required=False)
    reason = forms.CharField(
        label="无需留痕的原因", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def evidence(self) -> Evidence | None:
        """The unsaved Evidence the service will attach, or None when no file was given."""
        found = self.cleaned_data.get("file")
        return Evidence(file=found) if found else None


class EvidenceFileForm(forms.Form):
    file = EvidenceFileField(label="佐证材料（照片、签到表、通知等）")
    note = forms.CharField(label="说明", max_length=500, required=False)


class NoTraceForm(forms.Form):
    reason = forms.CharField(
        label="无需留痕的原因",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_TRACE_HELP,
    )

    def clean_reason(self):
        problem = no_trace_problem(self.cleaned_data["reason"])
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data["reason"].strip()


class EvidencePickForm(forms.Form):
    """The picker's search: a registered evidence type and words; bad values fall back, never fail."""

    type = forms.ChoiceField(label="记录类型", required=False)
    q = forms.CharField(label="搜索", max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(kind.key, kind.label) for kind in registry.evidence_types()]

    def kind(self):
        key = self.cleaned_data.get("type") if self.is_valid() else ""
        kinds = registry.evidence_types()
        return next((k for k in kinds if k.key == key), kinds[0] if kinds else None)

    def words(self) -> str:
        return (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=500, required=False)


@plain_numbers
class ManualValueForm(forms.Form):
    value = forms.DecimalField(label="完成值", max_digits=12, decimal_places=2, min_value=0)
    evidence = EvidenceFileField(label="佐证材料", required=False)


class CalendarMonthForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", required=False)

    def first_day(self):
        today = timezone.localdate()
        value = self.cleaned_data.get("month") if self.is_valid() else None
        if value:
            year, month = (int(p) for p in value.split("-"))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return today.replace(year=year, month=month, day=1)
        return today.replace(day=1)


class FederationFilterForm(forms.Form):
    q = forms.CharField(label="搜索", max_length=50, required=False)
    unit_type = forms.CharField(max_length=12, required=False)
    sort = forms.CharField(max_length=80, required=False)
    desc = forms.BooleanField(required=False)
    below = forms.BooleanField(label="只看未达标", required=False)
