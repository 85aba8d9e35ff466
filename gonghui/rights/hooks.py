"""Where rights plugs into other modules: the dashboards' overdue cases and contract renewals."""

from django.urls import reverse

from gonghui.core import access


def dashboard_alerts(user, org, today):
    from gonghui.plans.dashboard import Alert
    from gonghui.rights.models import CollectiveContract, DisputeCase

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
    return alerts


def register():
    from gonghui.plans.dashboard import register_alert

    register_alert(dashboard_alerts)
