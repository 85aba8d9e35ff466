from django.urls import path

from gonghui.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.index, name="index"),
    path("first-password/", views.first_password, name="first_password"),
    path("org/<str:org_code>/", views.org_accounts, name="org"),
    path("org/<str:org_code>/open/", views.open_accounts, name="open"),
    path("batches/<uuid:accountbatch_id>/", views.batch_detail, name="batch"),
    path("batches/<uuid:accountbatch_id>/slips/", views.batch_slips, name="slips"),
    path("members/<uuid:member_id>/reissue/", views.reissue, name="reissue"),
]
