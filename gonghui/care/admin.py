from django.contrib import admin

from gonghui.care.models import Aid, Campaign, CaseEvent, HardshipCase, Occurrence, Pairing, Visit


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["member", "occasion", "visited_on", "money", "org"]
    list_filter = ["occasion"]
    raw_id_fields = ["member", "occurrence", "recorded_by"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    readonly_fields = ["step", "status_after", "by", "at", "note"]


@admin.register(HardshipCase)
class HardshipCaseAdmin(admin.ModelAdmin):
    list_display = ["member", "level", "status", "opened_on", "filed_on", "org"]
    list_filter = ["status", "level"]
    raw_id_fields = ["member"]
    # Status moves only through the services (one named step each, with history).
    readonly_fields = ["status", "filed_on", "exited_on", "notice_start", "notice_end"]
    inlines = [CaseEventInline]


@admin.register(Aid)
class AidAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "amount", "paid_on", "org"]
    list_filter = ["kind"]
    raw_id_fields = ["member", "case", "recorded_by", "overridden_by"]


admin.site.register([Occurrence, Campaign, Pairing])
