from django.urls import path

from gonghui.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:org_code>/ledgers/", views.ledgers, name="ledgers"),
    path("<str:org_code>/ledgers/build/", views.ledger_build, name="ledger_build"),
    path("<str:org_code>/binder/", views.binder_build, name="binder_build"),
    path("tasks/<uuid:taskprogress_id>/", views.task_page, name="task"),
    path("tasks/<uuid:taskprogress_id>/status/", views.task_status, name="task_status"),
    path("downloads/<uuid:taskprogress_id>/", views.download, name="download"),
]
