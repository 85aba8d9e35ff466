from django.contrib import admin

from gonghui.rights.models import (
    CareRecord,
    CheckCampaign,
    CollectiveContract,
    CommitteeMember,
    DisputeCase,
    HealthCheck,
    Petition,
)


@admin.register(DisputeCase)
class DisputeCaseAdmin(admin.ModelAdmin):
    list_display = ("number", "org", "received_on", "deadline", "status")
    list_filter = ("status",)
    search_fields = ("number",)


@admin.register(CollectiveContract)
class CollectiveContractAdmin(admin.ModelAdmin):
    list_display = ("title", "org", "kind", "signed_on", "effective_on", "expires_on")
    list_filter = ("kind",)


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ("received_on", "org", "people", "skip_level", "handled_on")


admin.site.register([CommitteeMember, CareRecord, CheckCampaign, HealthCheck])
