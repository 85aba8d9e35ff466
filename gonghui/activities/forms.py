from django import forms

from gonghui.activities import uploads
from gonghui.activities.models import Activity, Audience, Contest
from gonghui.core import uploads as core_uploads
from gonghui.core.forms import plain_numbers
from gonghui.members.models import Member
from gonghui.orgs.models import Org, OrgKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


@plain_numbers(capacity=100_000)
class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "category",
            "start",
            "end",
            "place",
            "organiser",
            "audience",
            "audience_group",
            "capacity",
            "signup_deadline",
            "budget",
            "actual_cost",
            "description",
            "summary",
        ]
        widgets = {
            "start": DATETIME,
            "end": DATETIME,
            "signup_deadline": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["audience_group"].queryset = Org.objects.subtree_of(org).filter(kind=OrgKind.GROUP)
        for name in ("start", "end", "signup_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        self.fields["capacity"].min_value = 1
        _style(self)

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise forms.ValidationError("名额至少为 1，不限名额请留空。")
        return capacity

    def _clean_money(self, name):
        value = self.cleaned_data[name]
        if value is not None and value < 0:
            raise forms.ValidationError("金额不能为负数。")
        return value

    def clean_budget(self):
        return self._clean_money("budget")

    def clean_actual_cost(self):
        return self._clean_money("actual_cost")

    def clean(self):
        cleaned = super().clean()
        start, end, deadline = cleaned.get("start"), cleaned.get("end"), cleaned.get("signup_deadline")
        if start and end and end < start:
            self.add_error("end", "结束时间不能早于开始时间。")
        if deadline and end and deadline > end:
            self.add_error("signup_deadline", "报名截止时间不能晚于活动结束时间。")
        if cleaned.get("audience") == Audience.GROUP and not cleaned.get("audience_group"):
            self.add_error("audience_group", "参加对象为“工会小组”时，请选择小组。")
        return cleaned


class MemberChoiceForm(forms.Form):
    """Officers pick members of the activity's org subtree (the roster of who may take part)."""

    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(), label="会员", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates
        self.fields["members"].label_from_instance = lambda m: f"{m.name}（{m.org.name}）"
        self.fields["members"].widget.attrs["class"] = "form-check-input"
        self.fields["members"].error_messages.update(
            {"required": "请至少选择一名会员。", "invalid_choice": "所选会员不在名单中。"}
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return (
                [super(MultipleFileField, self).clean(d, initial) for d in data] if data else self.clean(None)
            )
        return [super().clean(data, initial)]


MAX_PHOTOS_PER_UPLOAD = 30


class PhotoForm(forms.Form):
    photos = MultipleFileField(label="照片", widget=MultipleFileInput(attrs={"accept": "image/*"}))
    caption = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].error_messages.update(
            {"required": "请选择要上传的照片。", "empty": "上传的文件是空的。", "invalid": "请选择照片文件。"}
        )
        _style(self)

    def clean_photos(self):
        files = self.cleaned_data["photos"]
        if len(files) > MAX_PHOTOS_PER_UPLOAD:
            raise forms.ValidationError(f"一次最多上传 {MAX_PHOTOS_PER_UPLOAD} 张照片。")
        return [
            core_uploads.accept_upload(
                upload, allowed=core_uploads.PHOTOS, max_bytes=uploads.PHOTO_MAX_BYTES, what="照片"
            )
            for upload in files
        ]


class FileForm(forms.Form):
    file = forms.FileField(label="附件")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = "请选择要上传的文件。"
        _style(self)

    def clean_file(self):
        return core_uploads.accept_upload(
            self.cleaned_data["file"], allowed=core_uploads.DOCUMENTS, max_bytes=uploads.FILE_MAX_BYTES
        )


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = ["name", "scoring", "team_event", "award_counts"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_award_counts(self):
        value = self.cleaned_data["award_counts"].replace("，", ",").replace(" ", "")
        parts = [p for p in value.split(",") if p]
        if not parts or not all(p.isdigit() and 0 < int(p) <= 999 for p in parts) or len(parts) > 6:
            raise forms.ValidationError("请按“一等奖名额,二等奖名额,…”填写正整数，如 1,2,3（最多六等）。")
        return ",".join(parts)


class EntrantForm(forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label="参赛会员", required=False)
    team_name = forms.CharField(label="队名", max_length=100, required=False)
    team_members = forms.CharField(label="队员", max_length=300, required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.org.name}）"
        self.fields["member"].error_messages["invalid_choice"] = "所选会员不在名单中。"
        _style(self)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("member") and not cleaned.get("team_name"):
            raise forms.ValidationError("请选择参赛会员或填写队名。")
        return cleaned


@plain_numbers
class ResultForm(forms.Form):
    score = forms.DecimalField(label="成绩", max_digits=10, decimal_places=2, required=False)
    placement = forms.IntegerField(label="名次", min_value=1, max_value=9999, required=False)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.fields["score"].error_messages["invalid"] = "成绩请填写数字。"
        self.fields["placement"].error_messages.update(
            {"invalid": "名次请填写正整数。", "min_value": "名次请填写正整数。"}
        )
        _style(self)

    def clean(self):
        cleaned = super().clean()
        if self.contest.scoring == Contest.Scoring.PLACEMENT:
            if cleaned.get("placement") is None and "placement" not in self.errors:
                self.add_error("placement", "请填写名次。")
        elif cleaned.get("score") is None and "score" not in self.errors:
            self.add_error("score", "请填写成绩。")
        return cleaned


@plain_numbers
class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    category = forms.CharField(required=False)


class LinkItemForm(forms.Form):
    item = forms.ModelChoiceField(queryset=None, label="计划事项", empty_label="选择本年度计划中的事项")

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.when_label} {i.text}"
        self.fields["item"].error_messages.update(
            {"required": "请选择计划事项。", "invalid_choice": "所选事项不存在或已完成。"}
        )
        _style(self)
