from django import forms
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from gonghui.core.forms import plain_numbers
from gonghui.orgs.models import Officer, Org, Term

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@plain_numbers(employee_count=2_000_000)
class OrgForm(forms.ModelForm):
    class Meta:
        model = Org
        fields = [
            "name",
            "code",
            "kind",
            "unit_type",
            "uscc",
            "address",
            "established_on",
            "employee_count",
            "aid_ceiling",
            "festival_gift_ceiling",
            "upper_review_required",
        ]
        widgets = {"established_on": DATE}
        help_texts = {
            "code": "用于命令行和接口的简短代码，如 wuyin-village",
            "employee_count": "用于计算入会率",
        }

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class",
                "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control",
            )
        self.fields["kind"].widget.attrs["class"] = "form-select"
        self.fields["unit_type"].widget.attrs["class"] = "form-select"

    def clean_code(self):
        # Django's own message reads 「具有 代码 的 组织 已存在。」: say which code, and what to do.
        code = self.cleaned_data["code"]
        if Org.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"代码为 {code} 的组织已存在，请换一个代码。")
        return code

    def clean_uscc(self):
        value = self.cleaned_data["uscc"].strip().upper()
        if not value:
            return ""
        try:
            return uscc.validate(value)
        except StdnumError:
            raise forms.ValidationError("统一社会信用代码无效：应为 18 位，且校验位正确。")

    def clean_kind(self):
        from gonghui.orgs.models import ALLOWED_CHILD_KINDS

        kind = self.cleaned_data["kind"]
        if self.parent is not None and kind not in ALLOWED_CHILD_KINDS[self.parent.kind]:
            raise forms.ValidationError(
                f"「{self.parent.get_kind_display()}」下不能建立「{Org(kind=kind).get_kind_display()}」。"
            )
        return kind


class MoveOrgForm(forms.Form):
    new_parent = forms.ModelChoiceField(
        queryset=Org.objects.none(),
        label="移到",
        to_field_name="code",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = choices


@plain_numbers(number=200)
class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["number", "start_on", "end_on", "note"]
        widgets = {"start_on": DATE, "end_on": DATE}

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end <= start:
            self.add_error("end_on", "届满日期必须晚于开始日期。")
        number = cleaned.get("number")
        if number and Term.objects.filter(org=self.org, number=number).exclude(pk=self.instance.pk).exists():
            self.add_error("number", f"第{number}届已存在。")
        return cleaned


class OfficerForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = ["name", "post", "duties", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        self.fields["post"].widget.attrs["class"] = "form-select"

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "").replace("-", "")
        if phone and not phone.isdigit():
            raise forms.ValidationError("电话只能包含数字。")
        return phone
