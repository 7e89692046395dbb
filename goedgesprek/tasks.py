"""Tasks that belong to the site as a whole."""

from celery import shared_task


@shared_task(name="goedgesprek.ping")
def ping_task(value: str) -> dict:
    """Answer with the value and the number of regions the worker's database holds.

    Used by operators (and the worker test) to see that a worker runs, reaches
    the broker and the database, and returns results.
    """
    from regions.models import Region

    return {"echo": value, "regions": Region.objects.count()}
