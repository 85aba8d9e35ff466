from django import forms

from gonghui.reports.summary.build import AREAS, OTHER_AREA

MAX_TEXT = 5000


def _text(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class SummaryTextForm(forms.Form):
    """The prose parts only: the figures are never typed, they are recomputed from the records."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overview"] = _text("总体情况（补充说明）", "数字由系统按记录计算，这里只写文字。")
        for key, title, _ in [*AREAS, (*OTHER_AREA, ())]:
            self.fields[f"area:{key}"] = _text(f"{title}（补充说明）")
        self.fields["problems"] = _text(
            "存在的问题（补充说明）", "未完成的目标、事项和缺少的台帐会自动列出。"
        )
        self.fields["next_year"] = _text("下一年工作打算", "由工会填写。")

    def texts(self) -> dict:
        return {key: value.strip() for key, value in self.cleaned_data.items() if value and value.strip()}
