"""Background jobs of the targets app: scheduled figures and reports, on-demand reports, evidence archives.

Each job only calls a service. In the embedded default they run in-process, right after the request's commit.
"""

from celery import shared_task

from targets import services


@shared_task
def refresh_figures() -> int:
    """Every half hour: participation figures of the current and previous periods."""
    return services.refresh_figures()


@shared_task
def generate_scheduled_reports(kind: str) -> int:
    """Beat: the daily, weekly or monthly reports of the last complete period."""
    return services.generate_scheduled_reports(kind=kind)


@shared_task
def generate_report(report_id: int) -> None:
    services.generate_report(report_id=report_id)


@shared_task
def build_evidence_archive(archive_id: int) -> None:
    services.build_archive(archive_id=archive_id)
