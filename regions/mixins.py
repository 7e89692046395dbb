"""The one permission mixin of every trajectory page, in every app."""

from django.db.models import QuerySet

from core.mixins import ObjectPermissionMixin

from .models import Trajectory


class TrajectoryPermissionMixin(ObjectPermissionMixin[Trajectory]):
    """The trajectory named by the URL's ``pk`` is the permission object.

    Views read it as ``self.trajectory``; override ``get_permission_queryset``
    to select more relations.
    """

    def get_permission_queryset(self) -> QuerySet[Trajectory]:
        return Trajectory.objects.select_related("region")

    @property
    def trajectory(self) -> Trajectory:
        return self.get_permission_object()
