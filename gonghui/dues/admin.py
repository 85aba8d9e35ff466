from django.contrib import admin

from gonghui.dues.models import DuesBase, DuesImport, DuesPayment, DuesSetting


@admin.register(DuesSetting)
class DuesSettingAdmin(admin.ModelAdmin):
    list_display = ["org", "mode", "rate", "fixed_amount", "updated_at"]
    raw_id_fields = ["org", "updated_by"]


@admin.register(DuesBase)
class DuesBaseAdmin(admin.ModelAdmin):
    list_display = ["member", "monthly_wage", "org"]
    raw_id_fields = ["org", "member"]


@admin.register(DuesPayment)
class DuesPaymentAdmin(admin.ModelAdmin):
    list_display = ["member", "months_label", "amount", "paid_on", "method", "org"]
    list_filter = ["method", "imported"]
    raw_id_fields = ["org", "member", "recorded_by"]
    date_hierarchy = "paid_on"


@admin.register(DuesImport)
class DuesImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "org", "status", "created_at"]
    raw_id_fields = ["org", "uploaded_by"]
