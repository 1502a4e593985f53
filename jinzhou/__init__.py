"""Jinzhou Chain Works: the case-management system for Jinzhou's industrial chains."""

from .celery import app as celery_app

__all__ = ("celery_app",)
