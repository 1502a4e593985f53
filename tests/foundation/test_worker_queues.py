"""A worker started the way Celery's documentation starts one, ``celery -A jinzhou worker`` without
``-Q``, runs every task of the project (security review, issue 15): before, it consumed only the
``celery`` queue, so webhooks and chat messages (queue ``delivery``) never left."""

import importlib
import importlib.util

from celery import Celery
from django.apps import apps
from django.conf import settings

from jinzhou.celery import app as project_app


def project_task_queues() -> set[str]:
    """Every queue a project task is sent to: the routes, the tasks' own ``queue=``, the default."""
    for config in apps.get_app_configs():  # what the worker's autodiscovery imports
        if importlib.util.find_spec(f"{config.name}.tasks"):
            importlib.import_module(f"{config.name}.tasks")
    queues = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    queues |= {task.queue for name, task in project_app.tasks.items() if not name.startswith("celery.") and task.queue}
    return queues | {project_app.conf.task_default_queue}


def worker_queues(*queues: str) -> set[str]:
    """The queues a worker consumes, configured as ``jinzhou/celery.py`` configures the project's app,
    started with ``-Q`` = ``queues`` (none: a plain worker). Built, not started."""
    app = Celery("jinzhou-worker-under-test", fixups=[])
    app.config_from_object("django.conf:settings", namespace="CELERY")
    worker = app.WorkController(hostname="queues@test", pool_cls="solo", queues=list(queues) or None)
    return set(worker.app.amqp.queues.consume_from)


def test_a_plain_worker_consumes_every_queue_the_project_routes_to():
    routed = project_task_queues()
    assert {"celery", "reminders", "delivery"} <= routed  # the test sees the real routes

    assert routed <= worker_queues()


def test_a_worker_given_queues_consumes_only_those():
    # How production splits the work (docs/operations.md, section 6): one unit per queue.
    assert worker_queues("delivery") == {"delivery"}
    assert worker_queues("reminders", "celery") == {"reminders", "celery"}
