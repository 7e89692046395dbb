"""Background work for regions."""

from celery import shared_task


@shared_task(name="regions.regions_load")
def regions_load_task() -> dict:
    """Load the shipped region CSV; safe to run any number of times."""
    from .services import regions_load

    result = regions_load()
    return {"regions": result.regions, "municipalities": result.municipalities}
