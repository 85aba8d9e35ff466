from django.contrib import admin

from gonghui.metrics.models import MetricSnapshot


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(admin.ModelAdmin):
    list_display = ["org", "metric_key", "month", "numerator", "denominator"]
    list_filter = ["metric_key", "month"]
