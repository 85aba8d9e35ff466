from django.contrib import admin

from gonghui.members.models import ImportJob, Member, MemberEvent, MemberTransfer


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    """For operators. State changes (transfer, leave, retire …) go through the members pages,
    which record the history; edit here only to repair data."""

    list_display = ["name", "gender", "status", "org", "join_date"]
    list_filter = ["status", "employment_type"]
    search_fields = ["name", "name_pinyin", "member_number"]  # no ID-number search: it would echo it
    raw_id_fields = ["org", "user", "transferred_from"]
    readonly_fields = ["name_pinyin", "name_initials", "id_number_reversed"]
    show_full_result_count = False  # no COUNT(*) over a million members per page view


@admin.register(MemberEvent)
class MemberEventAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "on", "org"]
    list_filter = ["kind"]
    raw_id_fields = ["member", "org", "other_org", "by"]


@admin.register(MemberTransfer)
class MemberTransferAdmin(admin.ModelAdmin):
    list_display = ["member", "org", "to_org", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["member", "org", "to_org", "started_by", "decided_by", "new_member"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "org", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["org", "progress", "created_by"]
