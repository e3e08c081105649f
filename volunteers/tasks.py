"""Background jobs of the volunteers app; each only calls a service."""

from celery import shared_task

from volunteers import services


@shared_task
def refresh_match_stats() -> int:
    """Nightly: reliability decays with time, and hours leave the 90-day window."""
    return services.refresh_match_stats()
