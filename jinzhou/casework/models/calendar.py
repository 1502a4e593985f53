"""Placeholder: the working-day calendar (Holiday, CalendarYear) is being written."""

from django.db import models


class Holiday(models.Model):
    class Meta:
        abstract = True


class CalendarYear(models.Model):
    class Meta:
        abstract = True
