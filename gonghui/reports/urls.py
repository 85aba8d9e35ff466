from django.urls import path

from gonghui.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:org_code>/ledgers/", views.ledgers, name="ledgers"),
]
