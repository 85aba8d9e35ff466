import json

from django import forms

from gonghui.reports.assessment.models import Satisfaction
from gonghui.reports.assessment.services import shipped_rubrics

CONTROL = {"class": "form-control"}
YEAR_ERRORS = {
    "required": "请填写年度。",
    "invalid": "年度应为四位数字，如 2026。",
    "min_value": "年度应在 2000 到 2100 之间。",
    "max_value": "年度应在 2000 到 2100 之间。",
}
YEARS = {"min_value": 2000, "max_value": 2100, "error_messages": YEAR_ERRORS}
POINT_ERRORS = {
    "invalid": "分数应为数字，如 8 或 8.5。",
    "min_value": "分数不能为负数。",
    "max_digits": "分数太大，请核对。",
    "max_decimal_places": "分数最多保留两位小数。",
    "max_whole_digits": "分数太大，请核对。",
}
POINTS = {"max_digits": 6, "decimal_places": 2, "min_value": 0}


def _year_field(label="年度"):
    return forms.IntegerField(label=label, widget=forms.NumberInput(attrs=CONTROL), **YEARS)


class LoadRubricForm(forms.Form):
    key = forms.ChoiceField(label="考核细则模板", widget=forms.Select(attrs={"class": "form-select"}))
    year = _year_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(key, data["title"]) for key, data in shipped_rubrics().items()]


class RubricJsonForm(forms.Form):
    """A federation's own rubric, written as data (the shape of reports/rubrics/*.json)."""

    year = _year_field()
    data = forms.FileField(
        label="考核细则文件（.json）",
        widget=forms.ClearableFileInput(attrs={"accept": ".json", **CONTROL}),
        error_messages={"required": "请选择考核细则文件。"},
    )

    def clean_data(self):
        upload = self.cleaned_data["data"]
        if upload.size > 512 * 1024:
            raise forms.ValidationError("考核细则文件不能超过 512KB。")
        try:
            found = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise forms.ValidationError("文件不是有效的 JSON（UTF-8 编码），请按模板格式填写。") from None
        if not isinstance(found, dict):
            raise forms.ValidationError("考核细则格式不正确，请按模板格式填写。")
        return found


class CopyRubricForm(forms.Form):
    year = _year_field("复制到年度")


class OpenRoundForm(forms.Form):
    title = forms.CharField(label="考核名称", max_length=200, widget=forms.TextInput(attrs=CONTROL))
    year = _year_field("考核年度")
    submit_by = forms.DateField(
        label="自评提交截止",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **CONTROL}, format="%Y-%m-%d"),
    )


class SelfScoreForm(forms.Form):
    points = forms.DecimalField(
        label="自评分",
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5", **CONTROL}),
        error_messages=POINT_ERRORS,
        **POINTS,
    )
    note = forms.CharField(
        label="自评说明", required=False, max_length=500, widget=forms.TextInput(attrs=CONTROL)
    )


class ReviewForm(forms.Form):
    points = forms.DecimalField(
        label="考核分",
        widget=forms.NumberInput(attrs={"step": "0.5", **CONTROL}),
        error_messages={**POINT_ERRORS, "required": "请填写考核分。"},
        **POINTS,
    )
    comment = forms.CharField(
        label="评审意见", required=False, max_length=500, widget=forms.TextInput(attrs=CONTROL)
    )


class FileForm(forms.Form):
    file = forms.FileField(
        label="佐证附件",
        widget=forms.ClearableFileInput(attrs=CONTROL),
        error_messages={"required": "请选择要上传的文件。"},
    )

    def clean_file(self):
        found = self.cleaned_data["file"]
        if found.size > 20 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过 20MB，请压缩后再上传。")
        return found


class RateForm(forms.Form):
    choice = forms.ChoiceField(
        label="您对本工会“职工之家”建设是否满意？",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择 满意、基本满意 或 不满意。"},
    )


class DesignationForm(forms.Form):
    orgs = forms.ModelMultipleChoiceField(
        label="授予称号的工会",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一家工会。"},
    )

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orgs"].queryset = orgs
