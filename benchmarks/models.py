"""The floor benchmark's table: one row per request, nothing else."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone


class FloorRow(models.Model):
    created_at = models.DateTimeField(default=timezone.now)

    # Spelled out for mypy: this app is only installed by benchmarks.settings.
    objects: ClassVar[models.Manager[FloorRow]] = models.Manager()

    def __str__(self):
        return f"floor row {self.pk}"
