from django.contrib import admin

from gonghui.activities.models import Activity, Attendance, Contest, Entrant


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "org", "category", "start", "capacity"]
    list_filter = ["category"]
    search_fields = ["title", "place"]
    raw_id_fields = ["org", "audience_group"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["activity", "member", "status", "attended_at"]
    list_filter = ["status", "check_in_method"]
    raw_id_fields = ["activity", "member", "org"]


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["name", "activity", "scoring"]
    raw_id_fields = ["activity", "org"]


@admin.register(Entrant)
class EntrantAdmin(admin.ModelAdmin):
    list_display = ["contest", "member", "team_name", "score", "rank", "award"]
    raw_id_fields = ["contest", "member", "org"]
