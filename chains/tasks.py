"""Celery tasks of the chains app. Idempotent: a second run (two beats, a retry) opens nothing twice."""

from celery import shared_task


@shared_task(name="chains.open_chain_reports", queue="celery", ignore_result=True)
def open_chain_reports() -> int:
    """Open each chain's figure report for the period that has just ended (beat: daily at 08:00, so a
    report opens on the first day of the month, and a missed day catches up the next)."""
    from chains.services import open_period_reports

    return len(open_period_reports())
