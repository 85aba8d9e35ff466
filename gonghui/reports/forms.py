from datetime import date

from django import forms

from gonghui.reports import registry


class YearForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "请选择年度。",
            "invalid": "年度应为四位数字，如 2026。",
            "min_value": "年度不能早于 2000 年。",
            "max_value": "年度不能晚于 2100 年。",
        },
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > date.today().year + 1:
            raise forms.ValidationError("还没有这一年的记录，请选择今年或以前的年度。")
        return year


class LedgerForm(YearForm):
    key = forms.CharField(max_length=80, error_messages={"required": "请选择要下载的台帐。"})
    fmt = forms.CharField(max_length=10, required=False)

    def clean(self):
        data = super().clean()
        try:
            ledger = registry.ledger(data.get("key") or "")
        except KeyError:
            raise forms.ValidationError("没有这本台帐，请刷新页面后重试。") from None
        fmt = data.get("fmt") or ledger.formats[0]
        if fmt not in ledger.formats:
            raise forms.ValidationError(f"{ledger.title}只能下载为 {'、'.join(ledger.formats)} 格式。")
        data["ledger"], data["fmt"] = ledger, fmt
        return data


def first_error(form) -> str:
    return next(e for errors in form.errors.values() for e in errors)
