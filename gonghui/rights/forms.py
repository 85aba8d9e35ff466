"""All rights input is validated here; the legal rules are in services.py."""

from datetime import date

from django import forms
from django.utils import timezone

from gonghui.core.forms import plain_numbers
from gonghui.democracy.models import Vote
from gonghui.members.picker import MemberPickerField
from gonghui.rights.models import Body, CheckKind, CheckResult, ClaimKind, ContractKind, Period, Side

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EARLIEST = date(2000, 1, 1)


def sane_date(value):
    if value and value < EARLIEST:
        raise forms.ValidationError("日期不能早于 2000 年，请检查年份是否填错。")
    if value and value.year > 2100:
        raise forms.ValidationError("日期年份不合理，请检查。")
    return value


def DateField(label, required=True, today=True):  # noqa: N802 - a field factory reads like a field class
    return forms.DateField(
        label=label, required=required, widget=DATE, validators=[sane_date],
        initial=timezone.localdate if today else None,
    )  # fmt: skip


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


class SeatForm(StyledForm):
    body = forms.ChoiceField(label="机构", choices=Body.choices)
    name = forms.CharField(label="姓名", max_length=50)
    side = forms.ChoiceField(label="代表方", choices=Side.choices)
    is_chair = forms.BooleanField(label="主任", required=False)
    is_union_member = forms.BooleanField(label="工会会员", required=False, initial=True)
    jointly_elected = forms.BooleanField(label="由双方推举", required=False)
    since = DateField("任职日期", required=False, today=False)


@plain_numbers
class CaseForm(StyledForm):
    applicants = forms.CharField(label="申请人", max_length=200, help_text="多人以顿号分隔")
    respondent = forms.CharField(label="被申请人", max_length=200)
    matter = forms.CharField(label="争议事项及理由", widget=forms.Textarea(attrs={"rows": 4}))
    oral = forms.BooleanField(label="口头申请（当场记录）", required=False)
    received_on = DateField("收到申请日期")
    claim_kind = forms.ChoiceField(label="请求类型", choices=ClaimKind.choices)
    claim_amount = forms.DecimalField(
        label="请求金额(元)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    claim_note = forms.CharField(label="具体请求", max_length=300, required=False)

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("收到申请日期不能晚于今天。")
        return value


@plain_numbers
class ClaimForm(StyledForm):
    kind = forms.ChoiceField(label="请求类型", choices=ClaimKind.choices)
    amount = forms.DecimalField(
        label="金额(元)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    note = forms.CharField(label="具体请求", max_length=300, required=False)


class AcceptForm(StyledForm):
    accepted_on = DateField("受理日期")
    mediator = forms.CharField(label="调解员", max_length=50, required=False)


class DeclineForm(StyledForm):
    on = DateField("决定日期")
    reason = forms.CharField(label="不予受理理由", max_length=300)


class SessionForm(StyledForm):
    held_on = DateField("调解日期")
    present = forms.CharField(label="参加人员", max_length=300)
    minutes = forms.CharField(label="调解记录", widget=forms.Textarea(attrs={"rows": 4}))


class AgreementForm(StyledForm):
    on = DateField("协议日期")
    result = forms.CharField(label="调解结果（协议内容）", widget=forms.Textarea(attrs={"rows": 4}))
    performance_deadline = DateField("履行期限", today=False)
    performance_method = forms.CharField(label="履行方式", max_length=200)
    signed_applicant = forms.BooleanField(label="申请人已签名", required=False)
    signed_respondent = forms.BooleanField(label="被申请人已签名或盖章", required=False)
    signed_mediator = forms.BooleanField(label="调解员已签名", required=False)
    committee_seal = forms.BooleanField(label="已加盖调解委员会印章", required=False)


class CloseForm(StyledForm):
    on = DateField("日期")
    note = forms.CharField(label="说明", max_length=300, required=False)


@plain_numbers(people=10_000)
class PetitionForm(StyledForm):
    received_on = DateField("来信来访日期")
    petitioner = forms.CharField(label="来访人", max_length=100)
    people = forms.IntegerField(label="人数", min_value=1, initial=1)
    skip_level = forms.BooleanField(label="越级上访", required=False)
    matter = forms.CharField(label="反映事项", widget=forms.Textarea(attrs={"rows": 3}))
    handling = forms.CharField(label="处理情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    handled_on = DateField("办结日期", required=False, today=False)


class HandleForm(StyledForm):
    handling = forms.CharField(label="处理情况", widget=forms.Textarea(attrs={"rows": 3}))
    handled_on = DateField("办结日期")


@plain_numbers(term_years=3)
class ContractForm(StyledForm):
    kind = forms.ChoiceField(label="合同类型", choices=ContractKind.choices)
    title = forms.CharField(label="合同名称", max_length=200)
    employer = forms.CharField(label="用人单位", max_length=200)
    term_years = forms.IntegerField(label="期限(年)", min_value=1, initial=3, help_text="1至3年")


class NegotiatorForm(StyledForm):
    side = forms.ChoiceField(label="代表方", choices=Side.choices)
    name = forms.CharField(label="姓名", max_length=50)
    is_chief = forms.BooleanField(label="首席代表", required=False)
    is_outsider = forms.BooleanField(label="外聘专家", required=False)


class RequestForm(StyledForm):
    requested_on = DateField("提出协商要约日期")
    answered_on = DateField("对方书面应答日期", required=False, today=False)


class MeetingForm(StyledForm):
    held_on = DateField("协商日期")
    minutes = forms.CharField(label="协商记录", widget=forms.Textarea(attrs={"rows": 3}))


@plain_numbers(delegates_total=100_000, delegates_present=100_000, votes_yes=100_000)
class ApprovalForm(StyledForm):
    approved_on = DateField("审议日期")
    delegates_total = forms.IntegerField(label="应到代表（职工）人数", min_value=1)
    delegates_present = forms.IntegerField(label="实到人数", min_value=0)
    votes_yes = forms.IntegerField(label="赞成票", min_value=0)


class VoteChoice(forms.ModelChoiceField):
    def label_from_instance(self, vote):
        day = f"{vote.session.held_on:%Y-%m-%d}"
        return f"{day} {vote.session}：{vote.title}（{vote.result_text}）"


class ApprovalVoteForm(StyledForm):
    """Pick the congress's own closed vote instead of typing the counts (rule 21 checked on its frozen result)."""

    vote = VoteChoice(label="职代会（会员代表大会）表决", queryset=None, empty_label="请选择已结束的表决")

    def __init__(self, *args, votes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vote"].queryset = votes if votes is not None else Vote.objects.none()


class SignForm(StyledForm):
    signed_on = DateField("签订日期")


class FileForm(StyledForm):
    filed_on = DateField("报送备案日期")


class ObjectionForm(StyledForm):
    on = DateField("收到审查意见书日期")
    note = forms.CharField(label="审查意见", max_length=300)


class PublishForm(StyledForm):
    published_on = DateField("公布日期")


@plain_numbers(covered_workers=2_000_000)
class TermsForm(StyledForm):
    wage_increase_pct = forms.DecimalField(label="工资增长幅度(%)", required=False, max_digits=5, decimal_places=2,
                                           min_value=-100, max_value=100)  # fmt: skip
    minimum_wage = forms.DecimalField(label="本单位最低工资(元/月)", required=False, min_value=0, max_digits=10,
                                      decimal_places=2)  # fmt: skip
    covered_workers = forms.IntegerField(label="覆盖职工人数", required=False, min_value=0)
    text = forms.FileField(label="合同文本（PDF/Word）", required=False)


@plain_numbers(babies=9, miscarriage_months=10)
class CareRecordForm(StyledForm):
    member = MemberPickerField(label="女职工")
    period = forms.ChoiceField(label="时期", choices=Period.choices)
    consent = forms.BooleanField(label="本人同意登记", required=False)
    started_on = DateField("开始日期")
    ended_on = DateField("结束日期", required=False, today=False)
    due_date = DateField("预产期", required=False, today=False)
    birth_date = DateField("分娩日期", required=False, today=False)
    babies = forms.IntegerField(label="婴儿数", min_value=1, initial=1)
    difficult_birth = forms.BooleanField(label="难产", required=False)
    miscarriage_months = forms.IntegerField(label="流产时怀孕月数（流产时填写）", required=False, min_value=0)
    note = forms.CharField(label="备注", max_length=300, required=False)


@plain_numbers(two_cancer_from_age=80)
class CampaignForm(StyledForm):
    kind = forms.ChoiceField(label="体检类型", choices=CheckKind.choices)
    title = forms.CharField(label="名称", max_length=100)
    held_from = DateField("开始日期")
    held_to = DateField("结束日期")
    two_cancer_from_age = forms.IntegerField(label="两癌筛查起始年龄", min_value=18, initial=35)


class CheckResultForm(StyledForm):
    result = forms.ChoiceField(label="结果", choices=CheckResult.choices)
