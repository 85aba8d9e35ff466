from django.contrib import admin

from gonghui.plans.models import Digest, Evidence, Plan, PlanSection, ScheduleItem, Target


class ScheduleItemInline(admin.TabularInline):
    model = ScheduleItem
    fields = ["month", "end_month", "period", "text", "category", "status", "uncertain"]
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    fields = ["text", "metric_key", "comparator", "value", "unit", "manual_value"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "org", "year", "status"]
    list_filter = ["status", "year"]
    inlines = [ScheduleItemInline, TargetInline]


@admin.register(PlanSection)
class PlanSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "plan"]


@admin.register(ScheduleItem)
class ScheduleItemAdmin(admin.ModelAdmin):
    list_display = ["text", "org", "month", "period", "status"]
    list_filter = ["status", "category"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "item", "created_at"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["text", "metric_key", "comparator", "value", "unit"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["org", "day"]
