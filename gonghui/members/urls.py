from django.urls import path

from gonghui.members import views

app_name = "members"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("new/", views.member_new, name="new"),
    path("search/", views.member_search, name="search"),
    path("pick/<str:org_code>/", views.member_pick, name="pick"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<uuid:membertransfer_id>/accept/", views.transfer_accept, name="transfer_accept"),
    path("transfers/<uuid:membertransfer_id>/reject/", views.transfer_reject, name="transfer_reject"),
    path("transfers/<uuid:membertransfer_id>/cancel/", views.transfer_cancel, name="transfer_cancel"),
    path("import/", views.import_upload, name="import"),
    path("import/<uuid:importjob_id>/", views.import_detail, name="import_detail"),
    path("import/<uuid:importjob_id>/mapping/", views.import_mapping, name="import_mapping"),
    path("import/<uuid:importjob_id>/commit/", views.import_commit, name="import_commit"),
    path("import/<uuid:importjob_id>/errors.xlsx", views.import_errors, name="import_errors"),
    path("export/", views.export_start, name="export"),
    path("exports/<uuid:taskprogress_id>/", views.export_download, name="export_download"),
    path("exports/<uuid:taskprogress_id>/progress/", views.export_progress, name="export_progress"),
    path("<uuid:member_id>/", views.member_detail, name="detail"),
    path("<uuid:member_id>/edit/", views.member_edit, name="edit"),
    path("<uuid:member_id>/reveal/", views.member_reveal, name="reveal"),
    path("<uuid:member_id>/transfer/", views.member_transfer, name="transfer"),
    path("<uuid:member_id>/leave/", views.member_leave, name="leave"),
    path("<uuid:member_id>/retire/", views.member_retire, name="retire"),
    path("<uuid:member_id>/decease/", views.member_decease, name="decease"),
]
