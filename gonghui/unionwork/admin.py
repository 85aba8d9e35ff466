from django.contrib import admin

from gonghui.unionwork.models import Decision, Honour, HonourRound, Meeting, NewsReport, StudySession


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["text", "owner", "due_on", "done_on", "done_note"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "held_on", "org"]
    list_filter = ["kind"]
    raw_id_fields = ["recorded_by"]
    filter_horizontal = ["officers"]
    inlines = [DecisionInline]


@admin.register(StudySession)
class StudySessionAdmin(admin.ModelAdmin):
    list_display = ["topic", "held_on", "hours", "org"]
    raw_id_fields = ["recorded_by"]
    filter_horizontal = ["officers"]


@admin.register(Honour)
class HonourAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "level", "status", "org"]
    list_filter = ["status", "level", "kind"]
    raw_id_fields = ["member", "recorded_by"]
    # The nomination moves only through the services (decide, publicise, award).
    readonly_fields = ["status", "decided_on", "publicity_start", "publicity_end", "awarded_on"]


@admin.register(NewsReport)
class NewsReportAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "status", "submitted_on", "adopted_level", "org"]
    list_filter = ["status", "adopted_level"]
    raw_id_fields = ["activity", "previous", "adopted_by", "written_by"]
    readonly_fields = ["status", "adopted_on", "adopted_by"]


admin.site.register(HonourRound)
