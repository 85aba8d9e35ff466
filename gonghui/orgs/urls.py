from django.urls import path

from gonghui.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<str:org_code>/", views.detail, name="detail"),
    path("<str:org_code>/children/", views.children, name="children"),
    path("<str:org_code>/new/", views.create, name="create"),
    path("<str:org_code>/edit/", views.edit, name="edit"),
    path("<str:org_code>/move/", views.move, name="move"),
    path("<str:org_code>/audit/", views.audit, name="audit"),
    path("<str:org_code>/audit.xlsx", views.audit_export, name="audit_export"),
    path("<str:org_code>/roles/", views.roles, name="roles"),
    path("<str:org_code>/sensitive-access/", views.access_log, name="access_log"),
    path("<str:org_code>/sensitive-access.xlsx", views.access_log_export, name="access_log_export"),
    path("<str:org_code>/terms/new/", views.term_create, name="term_create"),
    path("terms/<uuid:term_id>/", views.term_detail, name="term"),
    path("terms/<uuid:term_id>/officers/", views.officer_add, name="officer_add"),
    path("officers/<uuid:officer_id>/remove/", views.officer_remove, name="officer_remove"),
]
