from django.conf import settings
from django.contrib import admin
from django.urls import include
from django.urls import path
from django.views.static import serve

from . import views

urlpatterns = [
    # The survey first: its public pages are by far the busiest, and Django
    # tries the patterns in order. No two patterns match the same path, so
    # the order changes nothing else.
    path("", include("surveys.urls")),
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/kinderen/", views.privacy_children, name="privacy_children"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("beheer/", admin.site.urls),
    path("", include("regions.urls")),
    path("", include("sessions_app.urls")),
    path("", include("actionplans.urls")),
]

if settings.DEBUG:
    urlpatterns += [
        path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler403 = "goedgesprek.views.error_403"
handler404 = "goedgesprek.views.error_404"
handler500 = "goedgesprek.views.error_500"
