"""Democracy input, validated here; the congress rules are in services.py."""

from django import forms
from django.utils import timezone

from gonghui.core.forms import plain_numbers
from gonghui.democracy.models import (
    Category,
    CongressKind,
    DelegateKind,
    EndReason,
    ItemKind,
    Mode,
    Rating,
    VoteKind,
    VoteMethod,
)
from gonghui.members.picker import MemberPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            widget.attrs.setdefault(
                "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
            )


def _dates_in_range(value):
    if value and not (2000 <= value.year <= 2100):
        raise forms.ValidationError("日期应在 2000 年至 2100 年之间，请检查年份。")
    return value


class DateField(forms.DateField):
    widget = DATE
    default_validators = [_dates_in_range]


@plain_numbers(
    term_number=99,
    materials_lead_days=60,
    managers_cap_pct=100,
    teachers_min_pct=100,
    frontline_min_pct=100,
    women_staff_pct=100,
    seconders_min=10,
    reply_days=365,
    report_working_days=60,
)
class CongressForm(StyledForm):
    kind = forms.ChoiceField(label="类型", choices=CongressKind.choices)
    term_number = forms.IntegerField(label="届次", min_value=1)
    starts_on = DateField(label="本届开始")
    ends_on = DateField(label="本届届满", help_text="每届三至五年")
    extended_to = DateField(label="延期至", required=False, help_text="换届延期不得超过一年")
    strict_majority = forms.BooleanField(
        label="通过须“过半数”（赞成票严格多于全体代表半数）；取消则按“半数以上”", required=False, initial=True
    )
    materials_lead_days = forms.IntegerField(label="会议材料提前送达天数", min_value=0, initial=7)
    managers_cap_pct = forms.IntegerField(label="管理人员比例上限(%)", min_value=0, initial=20)
    teachers_min_pct = forms.IntegerField(label="教师代表比例下限(%)（教代会）", min_value=0, initial=60)
    frontline_min_pct = forms.IntegerField(label="一线职工比例下限(%)", min_value=0, required=False)
    check_women_share = forms.BooleanField(
        label="检查女代表比例不低于女职工比例", required=False, initial=True
    )
    women_staff_pct = forms.IntegerField(label="女职工占职工比例(%)", min_value=0, required=False)
    seconders_min = forms.IntegerField(label="提案附议人数下限", min_value=0, initial=2)
    reply_days = forms.IntegerField(label="提案答复期限(天)", min_value=1, initial=90)
    report_working_days = forms.IntegerField(label="会后报告上级工会期限(工作日)", min_value=1, initial=7)
    by_school_year = forms.BooleanField(label="按学年计会议次数（教代会每学年至少一次）", required=False)


class DelegateForm(StyledForm):
    member = MemberPickerField(label="会员")
    kind = forms.ChoiceField(label="代表类别", choices=DelegateKind.choices)
    category = forms.ChoiceField(label="代表构成", choices=Category.choices)
    delegation = forms.CharField(label="代表团(组)", max_length=50, required=False)
    constituency = forms.CharField(label="选区", max_length=50, required=False)
    elected_on = DateField(label="当选日期", initial=timezone.localdate)
    replaces = forms.ModelChoiceField(None, label="补选接替（可选）", required=False)

    def __init__(self, *args, ended=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaces"].queryset = ended
        self.fields["replaces"].label_from_instance = lambda d: (
            f"{d.member.name}（{d.ended_on:%Y-%m-%d}终止）"
        )


class EndMandateForm(StyledForm):
    ended_on = DateField(label="终止日期", initial=timezone.localdate)
    end_reason = forms.ChoiceField(label="原因", choices=EndReason.choices)


class SessionForm(StyledForm):
    held_on = DateField(label="会议日期")
    place = forms.CharField(label="地点", max_length=100, required=False)
    mode = forms.ChoiceField(label="形式", choices=Mode.choices)
    extraordinary = forms.BooleanField(label="临时会议", required=False)
    requested_by = forms.CharField(label="提议方（临时会议）", max_length=100, required=False)
    proposals_open_on = DateField(label="提案征集开始", required=False)
    proposals_close_on = DateField(label="提案征集截止", required=False)


class AgendaItemForm(StyledForm):
    title = forms.CharField(label="议题", max_length=200)
    kind = forms.ChoiceField(label="方式", choices=ItemKind.choices)
    material = forms.CharField(label="材料摘要", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MaterialsForm(StyledForm):
    sent_on = DateField(label="材料送达代表日期", initial=timezone.localdate)


class VoteForm(StyledForm):
    title = forms.CharField(label="表决事项", max_length=200, required=False, help_text="不填则用议题名称")
    kind = forms.ChoiceField(label="类型", choices=VoteKind.choices)
    method = forms.ChoiceField(label="方式", choices=VoteMethod.choices)
    candidates = forms.CharField(
        label="候选人（选举时填写，每行一人）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TallyForm(StyledForm):
    teller_1 = forms.CharField(label="计票人", max_length=50)
    teller_2 = forms.CharField(label="监票人", max_length=50)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.option_labels = [o.label for o in options]
        for i, option in enumerate(options):
            self.fields[f"option_{i}"] = forms.IntegerField(
                label=f"{option.label}（票）", min_value=0, max_value=100_000
            )
            self.fields[f"option_{i}"].widget.attrs["class"] = "form-control"

    def counts(self):
        return {label: self.cleaned_data[f"option_{i}"] for i, label in enumerate(self.option_labels)}


class ProposalForm(StyledForm):
    title = forms.CharField(label="案由（一事一案）", max_length=200)
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 4}))
    suggestion = forms.CharField(label="办法或措施", widget=forms.Textarea(attrs={"rows": 4}))


class InviteForm(StyledForm):
    delegate = forms.ModelChoiceField(None, label="邀请附议代表")

    def __init__(self, *args, delegates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = delegates
        self.fields["delegate"].label_from_instance = lambda d: (
            f"{d.member.name}（{d.delegation or '未分团'}）"
        )


class DecideForm(StyledForm):
    accept = forms.TypedChoiceField(
        label="审查结论", choices=[("1", "立案"), ("0", "转为意见建议")], coerce=lambda v: v == "1"
    )
    lead_department = forms.CharField(label="主办部门（立案时必填）", max_length=100, required=False)
    co_departments = forms.CharField(label="协办部门", max_length=200, required=False)
    reason = forms.CharField(label="审查意见/不予立案理由", max_length=300, required=False)


class ReplyForm(StyledForm):
    reply = forms.CharField(label="书面答复", widget=forms.Textarea(attrs={"rows": 5}))
    replied_on = DateField(label="答复日期", initial=timezone.localdate)


class RateForm(StyledForm):
    rating = forms.ChoiceField(label="对答复的评价", choices=Rating.choices, widget=forms.RadioSelect)


class EvaluationForm(StyledForm):
    title = forms.CharField(label="评议名称", max_length=200, initial="民主评议领导干部")
    method = forms.ChoiceField(label="方式", choices=VoteMethod.choices)
    by_members = forms.BooleanField(
        label="全体会员参评（每名在会会员一票；不勾选则由在任正式代表评议）", required=False
    )
    leaders = forms.CharField(
        label="被评议人（每行：姓名 职务）", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def leader_pairs(self):
        pairs = []
        for line in self.cleaned_data["leaders"].splitlines():
            parts = line.split(None, 1)
            if parts:
                pairs.append((parts[0][:50], (parts[1] if len(parts) > 1 else "")[:100]))
        return pairs


class JointMeetingForm(StyledForm):
    held_on = DateField(label="会议日期", initial=timezone.localdate)
    attendees = forms.CharField(
        label="参加人员（团组长、专门小组负责人、主席团成员、工会委员）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class JointDecisionForm(StyledForm):
    title = forms.CharField(label="事项", max_length=200)
    decision = forms.CharField(label="决定", widget=forms.Textarea(attrs={"rows": 3}))
    reserved = forms.BooleanField(label="该事项依法须经职代会审议通过", required=False)


@plain_numbers(ballots_issued=100_000, ballots=100_000)
class PaperEvaluationForm(StyledForm):
    """Sealed envelopes counted by two tellers: ballots issued and returned, counts per leader per grade."""

    teller_1 = forms.CharField(label="计票人", max_length=50)
    teller_2 = forms.CharField(label="监票人", max_length=50)
    ballots_issued = forms.IntegerField(label="发出评议票（张）", min_value=0)
    ballots = forms.IntegerField(label="收回评议票（张）", min_value=0)

    def __init__(self, *args, leaders=(), grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.leaders, self.grades = list(leaders), list(grades)
        for leader in self.leaders:
            for grade, label in self.grades:
                field = forms.IntegerField(
                    label=f"{leader.name} · {label}", min_value=0, max_value=100_000, initial=0,
                    error_messages={
                        "min_value": f"{leader.name}“{label}”的票数不能为负数。",
                        "max_value": f"{leader.name}“{label}”的票数过大，请核对。",
                        "invalid": f"{leader.name}“{label}”的票数请填写整数。",
                        "required": f"请填写{leader.name}“{label}”的票数（没有填0）。",
                    },
                )  # fmt: skip
                field.widget.attrs.update({"class": "form-control", "inputmode": "numeric"})
                self.fields[self.key(leader, grade)] = field

    @staticmethod
    def key(leader, grade):
        return f"n_{leader.pk.hex}_{grade}"

    def rows(self):
        """(leader, [bound fields per grade]) for the table."""
        return [(leader, [self[self.key(leader, g)] for g, _ in self.grades]) for leader in self.leaders]

    def counts(self):
        return {
            leader.pk: {g: self.cleaned_data[self.key(leader, g)] for g, _ in self.grades}
            for leader in self.leaders
        }


CANDIDATE_ROWS = 6


@plain_numbers(electorate=1_000_000, ballots_cast=1_000_000, seats=100)
class ElectionForm(StyledForm):
    """Rule 8: one constituency's delegate election, candidates and their yes-votes."""

    constituency = forms.CharField(label="选区", max_length=50)
    held_on = DateField(label="选举日期", initial=timezone.localdate)
    electorate = forms.IntegerField(label="选区职工人数", min_value=1)
    ballots_cast = forms.IntegerField(label="参加投票人数", min_value=0)
    seats = forms.IntegerField(label="应选代表名额", min_value=1, initial=1)
    category = forms.ChoiceField(label="代表构成", choices=Category.choices)
    delegation = forms.CharField(label="代表团(组)", max_length=50, required=False)

    def __init__(self, *args, members=None, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(CANDIDATE_ROWS):
            member = MemberPickerField(label=f"候选人{i + 1}", required=i == 0)
            if members is not None:
                member.pick_from(members, org)
            self.fields[f"member_{i}"] = member
            self.fields[f"votes_{i}"] = forms.IntegerField(
                label=f"候选人{i + 1}赞成票", min_value=0, max_value=1_000_000, required=i == 0
            )
            self.fields[f"votes_{i}"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        for i in range(CANDIDATE_ROWS):
            if data.get(f"member_{i}") is not None and data.get(f"votes_{i}") is None:
                self.add_error(f"votes_{i}", "请填写该候选人的赞成票数。")
        return data

    def votes(self):
        data = self.cleaned_data
        return [
            (data[f"member_{i}"], data[f"votes_{i}"])
            for i in range(CANDIDATE_ROWS)
            if data.get(f"member_{i}") is not None and data.get(f"votes_{i}") is not None
        ]

    def election_fields(self):
        keys = ["constituency", "held_on", "electorate", "ballots_cast", "seats", "category", "delegation"]
        return {k: self.cleaned_data[k] for k in keys}


class ExtraordinaryForm(StyledForm):
    """Rule 5: an extra session asked for by ≥ 1/3 of the seated delegates, ticked from the roster."""

    held_on = DateField(label="提议召开日期")
    place = forms.CharField(label="地点", max_length=100, required=False)
    mode = forms.ChoiceField(label="形式", choices=Mode.choices)
    requesters = forms.ModelMultipleChoiceField(
        None, label="联名提议的代表", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请勾选联名提议的代表。", "invalid_choice": "所选代表不在本届在任代表名册中。"},
    )  # fmt: skip

    def __init__(self, *args, delegates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requesters"].queryset = delegates
        self.fields["requesters"].label_from_instance = lambda d: (
            f"{d.member.name}（{d.delegation or d.constituency or '未分团'}）"
        )
