"""Admin for the congress records. Ballot counters and receipts are deliberately absent: even an
administrator sees only the closed votes' frozen totals."""

from django.contrib import admin

from gonghui.democracy.models import Congress, Delegate, Proposal, Session, Vote


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ["org", "kind", "term_number", "starts_on", "ends_on"]
    list_filter = ["kind"]


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["member", "congress", "kind", "category", "status"]
    list_filter = ["kind", "category", "status"]
    raw_id_fields = ["member", "congress", "replaces"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "held_on", "status"]
    raw_id_fields = ["congress", "created_by"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "status", "passed"]
    readonly_fields = [
        f for f in ("seated_count", "present_count", "ballots_cast", "needed", "passed", "result_text")
    ]
    raw_id_fields = ["session", "item", "supersedes", "opened_by", "closed_by"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "status", "lead_department", "reply_due"]
    list_filter = ["status"]
    raw_id_fields = ["session", "proposer"]
