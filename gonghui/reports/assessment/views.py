"""Assessment pages: the federation's rubrics and rounds, a union's sheet, review, results and 会员评家.

Who may do what is asked of core/access.py: managing rubrics and rounds takes MANAGE on the federation,
reviewing takes CHANGE on the round's federation, self-assessment takes CHANGE on the union, and
rating takes the member role on the union.
"""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import access
from gonghui.core.masking import log_access
from gonghui.orgs.models import OrgKind, Role
from gonghui.reports import registry
from gonghui.reports.assessment import forms, scoring, services
from gonghui.reports.assessment import rubric as rules
from gonghui.reports.assessment.export import round_xlsx
from gonghui.reports.assessment.models import (
    Assessment,
    AssessmentFile,
    AssessmentRound,
    ItemScore,
    RatingMarker,
    RoundStatus,
    Rubric,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form):
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def _attempt(request, call, *, success, form=None) -> tuple[bool, object]:
    """Every POST here does the same: check the form, call one service, and tell the user in Chinese.
    An invalid form or the service's ValidationError become error messages and give (False, None);
    else `success` (a text, or a function of the service's result) is shown and (True, result) given.
    `call` takes no arguments: it reads `form.cleaned_data` only once the form is valid."""
    if form is not None and not form.is_valid():
        _form_errors(request, form)
        return False, None
    try:
        result = call()
    except ValidationError as error:
        _errors(request, error)
        return False, None
    messages.success(request, success(result) if callable(success) else success)
    return True, result


# --- the federation: rubrics and rounds -------------------------------------------------------------


@login_required
def assessment_index(request):
    """The menu entry: members go to 会员评家, everyone else to their org's assessment page."""
    if request.org is None:
        raise Http404("您还没有任何组织的角色。")
    if access.can(request.user, access.VIEW, request.org):
        return redirect("reports:assessment", org_code=request.org.code)
    return redirect("reports:rate", org_code=request.org.code)


@login_required
def home(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    if org.kind == OrgKind.FEDERATION:
        return _federation_home(request, org)
    assessments = access.scope(request.user, Assessment.objects.filter(org=org.union() or org))
    context = {"org": org, "assessments": assessments.select_related("round").order_by("-round__year")}
    return render(request, "reports/assessment_union.html", context)


def _federation_home(request, org):
    year = timezone.localdate().year
    context = {
        "org": org,
        "rubrics": access.scope(request.user, Rubric.objects.filter(org=org)),
        "rounds": access.scope(request.user, AssessmentRound.objects.filter(org=org)).select_related(
            "rubric"
        ),
        "can_manage": access.can(request.user, access.MANAGE, org),
        "load_form": forms.LoadRubricForm(initial={"year": year}),
        "json_form": forms.RubricJsonForm(initial={"year": year}),
    }
    return render(request, "reports/assessment_federation.html", context)


@login_required
@require_POST
def rubric_load(request, org_code):
    org = access.get_org_for(request.user, org_code, access.MANAGE)
    form = forms.LoadRubricForm(request.POST)
    done, found = _attempt(
        request,
        lambda: services.load_shipped_rubric(org=org, by=request.user, **form.cleaned_data),
        form=form,
        success=lambda found: f"已建立“{found}”，可检查后发起考核。",
    )
    if not done:
        return redirect("reports:assessment", org_code=org.code)
    return redirect("reports:rubric", rubric_id=found.pk)


@login_required
@require_POST
def rubric_import(request, org_code):
    """A rubric the federation wrote itself; every problem (sums, band gaps and overlaps) is listed."""
    org = access.get_org_for(request.user, org_code, access.MANAGE)
    form = forms.RubricJsonForm(request.POST, request.FILES)
    done, found = _attempt(
        request,
        lambda: services.create_rubric(
            org=org, year=form.cleaned_data["year"], data=form.cleaned_data["data"], by=request.user
        ),
        form=form,
        success=lambda found: f"已导入“{found}”。",
    )
    if not done:
        return redirect("reports:assessment", org_code=org.code)
    return redirect("reports:rubric", rubric_id=found.pk)


@login_required
def rubric_detail(request, rubric_id):
    rubric = access.get_object_for(request.user, Rubric, id=rubric_id)
    labels = scoring.source_labels()
    sections = [
        (section, [(item, rules.rule_text(item.rule, labels)) for item in section.items.order_by("order")])
        for section in rubric.sections.order_by("order")
    ]
    today = timezone.localdate()
    context = {
        "rubric": rubric,
        "org": rubric.org,
        "sections": sections,
        "problems": rules.check_rubric(services.rubric_data(rubric)).problems,
        "can_manage": access.can(request.user, access.MANAGE, rubric.org),
        "copy_form": forms.CopyRubricForm(initial={"year": rubric.year + 1}),
        "open_form": forms.OpenRoundForm(
            initial={"title": f"{rubric.year}年度{rubric.title}", "year": rubric.year}
        ),
        "today": today,
    }
    return render(request, "reports/rubric_detail.html", context)


@login_required
@require_POST
def rubric_copy(request, rubric_id):
    rubric = access.get_object_for(request.user, Rubric, access.MANAGE, id=rubric_id)
    form = forms.CopyRubricForm(request.POST)
    done, copied = _attempt(
        request,
        lambda: services.copy_rubric(rubric=rubric, year=form.cleaned_data["year"], by=request.user),
        form=form,
        success=lambda copied: f"已复制为“{copied}”。",
    )
    return redirect("reports:rubric", rubric_id=copied.pk if done else rubric.pk)


@login_required
@require_POST
def round_open(request, rubric_id):
    rubric = access.get_object_for(request.user, Rubric, access.MANAGE, id=rubric_id)
    form = forms.OpenRoundForm(request.POST)
    done, found = _attempt(
        request,
        lambda: services.open_round(
            rubric=rubric, by=request.user, today=timezone.localdate(), **form.cleaned_data
        ),
        form=form,
        success=lambda found: f"已发起“{found}”，各基层工会可以开始自评。",
    )
    if not done:
        return redirect("reports:rubric", rubric_id=rubric.pk)
    return redirect("reports:round", assessmentround_id=found.pk)


@login_required
def round_detail(request, assessmentround_id):
    round_ = access.get_object_for(request.user, AssessmentRound, id=assessmentround_id)
    assessments = access.scope(request.user, round_.assessments.ranked())
    passed = round_.assessments.filter(passed=True).values("org")
    context = {
        "round": round_,
        "org": round_.org,
        "assessments": assessments,
        "can_manage": access.can(request.user, access.MANAGE, round_.org),
        "designation_form": forms.DesignationForm(orgs=round_.org.subtree().filter(pk__in=passed)),
        "designated": set(round_.designations.values_list("org_id", flat=True)),
    }
    return render(request, "reports/round_detail.html", context)


@login_required
@require_POST
def round_publish(request, assessmentround_id):
    round_ = access.get_object_for(request.user, AssessmentRound, access.MANAGE, id=assessmentround_id)
    _attempt(
        request,
        lambda: services.publish_round(round=round_, by=request.user),
        success="考核结果已发布，评分已关闭。",
    )
    return redirect("reports:round", assessmentround_id=round_.pk)


@login_required
def round_results(request, assessmentround_id):
    round_ = access.get_object_for(request.user, AssessmentRound, id=assessmentround_id)
    response = HttpResponse(round_xlsx(round_), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(round_.title + '.xlsx')}"
    return response


@login_required
@require_POST
def round_designations(request, assessmentround_id):
    round_ = access.get_object_for(request.user, AssessmentRound, access.MANAGE, id=assessmentround_id)
    form = forms.DesignationForm(request.POST, orgs=round_.org.subtree().filter(kind=OrgKind.UNION))
    _attempt(
        request,
        lambda: services.record_designations(
            round=round_, orgs=list(form.cleaned_data["orgs"]), by=request.user
        ),
        form=form,
        success=lambda found: f"已授予 {len(found)} 家工会“{round_.rubric.designation}”称号。",
    )
    return redirect("reports:round", assessmentround_id=round_.pk)


# --- one union's sheet ------------------------------------------------------------------------------


def _sheet_rights(user, assessment):
    open_ = assessment.round.is_open
    return {
        "can_self": open_ and assessment.is_draft and access.can(user, access.CHANGE, assessment.org),
        "can_review": open_
        and not assessment.is_draft
        and access.can(user, access.CHANGE, assessment.round.org),
    }


@login_required
def assessment_detail(request, assessment_id):
    assessment = access.get_object_for(request.user, Assessment, id=assessment_id)
    scores = assessment.scores.select_related("item__section", "reviewed_by").prefetch_related("files")
    rights = _sheet_rights(request.user, assessment)
    labels = scoring.source_labels()
    rows = [
        {
            "score": s,
            "rule": rules.rule_text(s.item.rule, labels),
            "evidence": scoring.evidence_keys(s.item),
            "self_form": forms.SelfScoreForm(
                initial={"points": s.self_points, "note": s.self_note}, prefix=s.pk.hex
            ),
            "review_form": forms.ReviewForm(
                initial={
                    "points": s.review_points if s.review_points is not None else s.claimed_points,
                    "comment": s.review_comment,
                },
                prefix=s.pk.hex,
            ),  # fmt: skip
        }
        for s in scores
    ]
    context = {
        "assessment": assessment,
        "round": assessment.round,
        "org": assessment.org,
        "rows": rows,
        **rights,
    }
    return render(request, "reports/assessment_detail.html", context)


def _back(assessment, score=None):
    url = reverse("reports:assessment_detail", args=[assessment.pk])
    return redirect(url + (f"#item-{score.pk.hex}" if score else ""))


@login_required
@require_POST
def assessment_refresh(request, assessment_id):
    assessment = access.get_object_for(request.user, Assessment, access.CHANGE, id=assessment_id)
    _attempt(
        request,
        lambda: services.refresh_automatic(
            assessment=assessment, by=request.user, today=timezone.localdate()
        ),
        success="已按最新记录重新计算自动评分项。",
    )
    return _back(assessment)


@login_required
@require_POST
def assessment_submit(request, assessment_id):
    assessment = access.get_object_for(request.user, Assessment, access.CHANGE, id=assessment_id)
    _attempt(
        request,
        lambda: services.submit_self_assessment(
            assessment=assessment, by=request.user, today=timezone.localdate()
        ),
        success="自评已提交，等待上级工会评审。",
    )
    return _back(assessment)


@login_required
@require_POST
def score_self(request, itemscore_id):
    score = access.get_object_for(request.user, ItemScore, access.CHANGE, id=itemscore_id)
    form = forms.SelfScoreForm(request.POST, prefix=score.pk.hex)
    _attempt(
        request,
        lambda: services.save_self_score(score=score, by=request.user, **form.cleaned_data),
        form=form,
        success=f"“{score.item.title}”自评分已保存。",
    )
    return _back(score.assessment, score)


@login_required
@require_POST
def score_review(request, itemscore_id):
    score = access.get_object_for(request.user, ItemScore, id=itemscore_id)
    access.require(request.user, access.CHANGE, score.assessment.round.org)  # reviewers sit at the federation
    form = forms.ReviewForm(request.POST, prefix=score.pk.hex)
    _attempt(
        request,
        lambda: services.score_item(score=score, by=request.user, **form.cleaned_data),
        form=form,
        success=f"“{score.item.title}”已评分。",
    )
    return _back(score.assessment, score)


@login_required
@require_POST
def score_file(request, itemscore_id):
    score = access.get_object_for(request.user, ItemScore, access.CHANGE, id=itemscore_id)
    form = forms.FileForm(request.POST, request.FILES)
    _attempt(
        request,
        lambda: services.attach_file(score=score, file=form.cleaned_data["file"], by=request.user),
        form=form,
        success="附件已上传。",
    )
    return _back(score.assessment, score)


@login_required
def score_evidence(request, itemscore_id):
    """The records behind an item, each one click from its own page (which checks access again)."""
    score = access.get_object_for(request.user, ItemScore, id=itemscore_id)
    year, orgs = score.assessment.round.year, score.org.subtree()
    groups = []
    for key in scoring.evidence_keys(score.item):
        kind = registry.evidence_type(key)
        records = access.scope(request.user, registry.evidence_records(key, orgs, year))
        hidden = registry.evidence_records(key, orgs, year).count() - records.count()
        groups.append(
            {"kind": kind, "records": [(r, kind.describe(r)) for r in records[:200]], "hidden": hidden}
        )
    context = {"score": score, "assessment": score.assessment, "org": score.org, "groups": groups}
    return render(request, "reports/score_evidence.html", context)


@login_required
def evidence_open(request, itemscore_id):
    """Open one record behind an item: only one of the union's own records of that year, and logged."""
    score = access.get_object_for(request.user, ItemScore, id=itemscore_id)
    key, pk = request.GET.get("type", ""), request.GET.get("id", "")
    if key not in scoring.evidence_keys(score.item):
        raise Http404("找不到该记录，或您无权查看。")
    records = registry.evidence_records(key, score.org.subtree(), score.assessment.round.year)
    try:
        record = access.scope(request.user, records).filter(pk=pk).first()
    except (ValueError, ValidationError):
        record = None
    if record is None:
        raise Http404("找不到该记录，或您无权查看。")
    log_access(request, record, "考核佐证")
    return redirect(registry.evidence_type(key).url(record))


@login_required
def file_download(request, assessmentfile_id):
    found = access.get_object_for(request.user, AssessmentFile, id=assessmentfile_id)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("附件文件已不存在，请联系上传的工会重新上传。") from None
    log_access(request, found, "考核佐证")
    return FileResponse(handle, as_attachment=True, filename=found.name)


# --- 会员评家 ---------------------------------------------------------------------------------------


def _member_union(request, org_code):
    org = access.get_org_for(request.user, org_code)
    if Role.MEMBER not in access.roles_on(request.user, org) or org.union() != org:
        raise PermissionDenied("只有本工会会员可以参加会员评家。")
    return org


def _rating_rounds(org):
    return (
        AssessmentRound.objects.filter(status=RoundStatus.OPEN, assessments__org=org)
        .filter(rubric__sections__items__rule__kind="member_rating")
        .distinct()
    )


@login_required
def rate(request, org_code):
    org = _member_union(request, org_code)
    rounds = list(_rating_rounds(org))
    rated = set(
        RatingMarker.objects.filter(user=request.user, round__in=rounds).values_list("round_id", flat=True)
    )
    if request.method == "POST":
        return _rate_post(request, org, rounds, rated)
    context = {"org": org, "rounds": [(r, r.pk in rated) for r in rounds], "form": forms.RateForm()}
    return render(request, "reports/rate.html", context)


def _rate_post(request, org, rounds, rated):
    form = forms.RateForm(request.POST)
    found = next((r for r in rounds if str(r.pk) == request.POST.get("round")), None)
    if found is None:
        messages.error(request, "没有正在进行的会员评家，请刷新页面后再试。")
    else:
        _attempt(
            request,
            lambda: services.rate_union(
                round=found, org=org, user=request.user, choice=form.cleaned_data["choice"]
            ),
            form=form,
            success="感谢您的评价！评价不记名，任何人都看不到您选了什么。",
        )
    return redirect("reports:rate", org_code=org.code)
