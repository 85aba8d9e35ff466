from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from gonghui.orgs.models import Officer, Org, RoleAssignment, Term


@admin.register(Org)
class OrgAdmin(TreeAdmin):
    form = movenodeform_factory(Org)
    list_display = ["name", "code", "kind", "unit_type"]
    search_fields = ["name", "code"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["org", "number", "start_on", "end_on"]


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["name", "post", "term"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "org", "role", "duties"]
    list_filter = ["role"]
    autocomplete_fields = ["org"]
