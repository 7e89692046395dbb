"""The project's URLs plus the floor view, for benchmarks only."""

from django.urls import include
from django.urls import path

from . import views

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    path("", include("goedgesprek.urls")),
]

handler403 = "goedgesprek.views.error_403"
handler404 = "goedgesprek.views.error_404"
handler500 = "goedgesprek.views.error_500"
