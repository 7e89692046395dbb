from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("regios/", views.RegionListView.as_view(), name="region_list"),
    path("regios/<str:code>/", views.RegionDetailView.as_view(), name="region_detail"),
    path(
        "trajecten/<int:pk>/",
        views.TrajectoryDetailView.as_view(),
        name="trajectory_detail",
    ),
]
