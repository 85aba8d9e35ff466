"""Where rights plugs into other modules: the dashboards' overdue cases and contract renewals."""

from django.urls import reverse

from gonghui.core import access


def dashboard_alerts(user, org, today):
    from gonghui.plans.dashboard import Alert
    from gonghui.rights.models import CareRecord, CollectiveContract, DisputeCase

    alerts = []
    overdue = access.scope(user, DisputeCase.objects.in_subtree(org)).overdue(today).count()
    if overdue:
        url = reverse("rights:overview", kwargs={"org_code": org.code}) + "?status=overdue"
        alerts.append(
            Alert(f"{overdue} 件劳动争议调解案件已超过15日调解期限未结，当事人可依法申请仲裁", url, "danger")
        )
    renewals = access.scope(user, CollectiveContract.objects.in_subtree(org)).renewal_due(today).count()
    if renewals:
        url = reverse("rights:overview", kwargs={"org_code": org.code}) + "#contracts"
        alerts.append(Alert(f"{renewals} 份集体合同将在3个月内期满，可提出续签协商", url, "warning"))
    if org.kind != "federation" and access.may_see_women(user, org):
        guarded = [
            r for r in access.scope(user, CareRecord.objects.in_subtree(org)).filter(ended_on__isnull=True)
            if r.no_overtime(today)
        ]  # fmt: skip
        if guarded:
            url = reverse("rights:women", kwargs={"org_code": org.code})
            alerts.append(
                Alert(f"{len(guarded)} 名女职工处于孕7个月以上或哺乳期：不得安排加班和夜班", url, "info")
            )
    return alerts


def register():
    from gonghui.plans.dashboard import register_alert

    register_alert(dashboard_alerts)
