from django.utils import timezone

from jinzhou.casework.periods import parse_period


def this_month():
    today = timezone.localdate()
    return parse_period(f"{today.year}-{today.month:02d}")
