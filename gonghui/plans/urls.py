from django.urls import path

from gonghui.plans import item_views, views

app_name = "plans"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("org/<str:org_code>/", views.org_dashboard, name="org_dashboard"),
    path("org/<str:org_code>/export.xlsx", views.federation_export, name="federation_export"),
    path("list/", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<uuid:plan_id>/", views.plan_detail, name="detail"),
    path("<uuid:plan_id>/review/", views.plan_review, name="review"),
    path("<uuid:plan_id>/confirm/", views.plan_confirm, name="confirm"),
    path("<uuid:plan_id>/edit/", views.plan_edit, name="edit"),
    path("<uuid:plan_id>/copy/", views.plan_copy, name="copy"),
    path("<uuid:plan_id>/print/", views.plan_print, name="print"),
    path("<uuid:plan_id>/items/new/", views.item_add, name="item_add"),
    path("items/<uuid:scheduleitem_id>/", item_views.item_detail, name="item"),
    path("items/<uuid:scheduleitem_id>/evidence/search/", item_views.evidence_search, name="evidence_search"),
    path("items/<uuid:scheduleitem_id>/evidence/link/", item_views.evidence_link, name="evidence_link"),
    path("items/<uuid:scheduleitem_id>/evidence/upload/", item_views.evidence_upload, name="evidence_upload"),
    path("items/<uuid:scheduleitem_id>/reason/", item_views.item_reason, name="item_reason"),
    path("evidence/<uuid:evidence_id>/remove/", item_views.evidence_remove, name="evidence_remove"),
    path("items/<uuid:scheduleitem_id>/edit/", views.item_edit, name="item_edit"),
    path("items/<uuid:scheduleitem_id>/delete/", views.item_delete, name="item_delete"),
    path("items/<uuid:scheduleitem_id>/done/", views.item_done, name="item_done"),
    path("items/<uuid:scheduleitem_id>/cancel/", views.item_cancel, name="item_cancel"),
    path("targets/<uuid:target_id>/edit/", views.target_edit, name="target_edit"),
    path("targets/<uuid:target_id>/manual/", views.target_manual, name="target_manual"),
    path("targets/<uuid:target_id>/evidence/", views.target_evidence_file, name="target_evidence"),
    path("evidence/<uuid:evidence_id>/", views.evidence_file, name="evidence_file"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar/<str:org_code>.ics", views.ical_feed, name="ical"),
    path("calendar/<str:org_code>/reset/", views.calendar_feed_reset, name="calendar_feed_reset"),
    path("digest/", views.digest, name="digest"),
]
