"""Where voice plugs into other modules: escalated mailbox letters on the union's and the federation's dashboards."""

from django.urls import reverse

from gonghui.core import access


def dashboard_alerts(user, org, today):
    """A count only (no writer, no title): a roll-up any viewer of the org may see."""
    from gonghui.plans.dashboard import Alert
    from gonghui.voice import params
    from gonghui.voice.models import Suggestion

    if not access.can(user, access.VIEW, org):
        return []
    escalated = Suggestion.objects.in_subtree(org).escalated_open().count()
    if not escalated:
        return []
    days = params.letter_reply_workdays()
    if org.kind == "federation":
        text = f"下属工会有 {escalated} 封工会信箱来信超过{days}个工作日未答复，已上报本会督办"
        url = reverse("voice:overview", kwargs={"org_code": org.code}) + "#escalated"
    else:
        text = f"{escalated} 封工会信箱来信超过{days}个工作日未答复，已上报上级工会"
        url = reverse("voice:overview", kwargs={"org_code": org.code}) + "#escalated"
        if access.can(user, access.PERSONAL, org):
            url = reverse("voice:suggestion_list", kwargs={"org_code": org.code}) + "?status=escalated"
    return [Alert(text, url, "danger")]


def register():
    from gonghui.plans.dashboard import register_alert

    register_alert(dashboard_alerts)
