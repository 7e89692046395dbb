"""Background work for regions."""

from celery import shared_task


@shared_task(name="regions.regions_load")
def regions_load_task() -> dict:
    """Load the shipped region CSV; safe to run any number of times."""
    from .services import regions_load

    result = regions_load()
    return {"regions": result.regions, "municipalities": result.municipalities}


@shared_task(name="regions.retention_run")
def retention_run_task() -> dict:
    """Daily: warn a month ahead, then delete personal data that is due.

    Each trajectory is cleaned in its own transaction; running twice a day
    changes nothing the second time.
    """
    from django.utils import timezone

    from .retention import retention_warn
    from .retention import trajectories_due
    from .retention import trajectories_to_warn
    from .retention import trajectory_purge_personal_data

    today = timezone.localdate()
    warned = [
        trajectory.pk
        for trajectory in trajectories_to_warn(today=today)
        if retention_warn(trajectory=trajectory, today=today)
    ]
    cleaned = [
        pk
        for pk in trajectories_due(today=today).values_list("pk", flat=True)
        if trajectory_purge_personal_data(trajectory_id=pk, today=today)
    ]
    return {"warned": warned, "cleaned": cleaned}
