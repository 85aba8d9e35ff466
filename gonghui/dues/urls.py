from django.urls import path

from gonghui.dues import views

app_name = "dues"
urlpatterns = [
    path("", views.index, name="index"),
    path("members/<uuid:member_id>/", views.member_dues, name="member"),
    path("members/<uuid:member_id>/tab/", views.member_tab, name="member_tab"),
    path("members/<uuid:member_id>/wage/", views.member_wage, name="member_wage"),
    path("payments/<uuid:duespayment_id>/void/", views.void, name="void"),
    path("imports/<uuid:duesimport_id>/", views.import_preview, name="import_preview"),
    path("imports/<uuid:duesimport_id>/commit/", views.import_commit, name="import_commit"),
    path("imports/<uuid:duesimport_id>/errors.xlsx", views.import_errors, name="import_errors"),
    path("<str:org_code>/", views.overview, name="overview"),
    path("<str:org_code>/arrears/", views.arrears, name="arrears"),
    path("<str:org_code>/arrears.xlsx", views.arrears_export, name="arrears_export"),
    path("<str:org_code>/payments/", views.payments, name="payments"),
    path("<str:org_code>/payments.xlsx", views.payments_export, name="payments_export"),
    path("<str:org_code>/payments/new/", views.record, name="record"),
    path("<str:org_code>/setting/", views.setting, name="setting"),
    path("<str:org_code>/import/", views.import_upload, name="import"),
]
