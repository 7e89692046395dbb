"""The floor benchmark's table: one row per request, nothing else."""

from django.db import models
from django.utils import timezone


class FloorRow(models.Model):
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"floor row {self.pk}"
