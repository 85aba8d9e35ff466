from django.contrib import admin

from gonghui.accounts.models import AccountBatch, FirstPassword


@admin.register(AccountBatch)
class AccountBatchAdmin(admin.ModelAdmin):
    list_display = ["org", "created_by", "created_at", "reissue", "printed_at"]
    exclude = ["seed"]


@admin.register(FirstPassword)
class FirstPasswordAdmin(admin.ModelAdmin):
    list_display = ["user", "member", "issued_at", "changed_at"]
    raw_id_fields = ["user", "member", "batch"]
