"""The results room's URLs, included by ``surveys.urls``."""

from __future__ import annotations

from django.urls import URLPattern

from . import export_views
from . import insight_views
from . import views

urlpatterns: list[URLPattern] = [
    *views.urlpatterns,
    *export_views.urlpatterns,
    *insight_views.urlpatterns,
]
