from django.contrib.auth import views as auth_views
from django.urls import path

from gonghui.core import views, webapp
from gonghui.core.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    # The installable app: the worker is served from the root so that it may control every page.
    path("manifest.webmanifest", webapp.manifest, name="webmanifest"),
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("offline/", webapp.offline, name="offline"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        # Named templates: django.contrib.admin comes first in INSTALLED_APPS, so its
        # registration/password_change_*.html would shadow ours (the page showed "Django 管理").
        auth_views.PasswordChangeView.as_view(
            template_name="core/password_change_form.html", success_url="/password/done/"
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="core/password_change_done.html"),
        name="password_change_done",
    ),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.create_token, name="token_create"),
    path("profile/tokens/<uuid:apitoken_id>/delete/", views.delete_token, name="token_delete"),
    path("session/keepalive/", views.keepalive, name="session_keepalive"),
    path("switch-org/", views.switch_org, name="switch_org"),
    path("tasks/<uuid:taskprogress_id>/", views.task_progress, name="task_progress"),
]
