"""Writes of the webhooks app: fan a case event out (``fan_out.py``), deliver, retry and redeliver
(``delivery.py``), and the minute sweep (``sweep.py``)."""

from jinzhou.webhooks.services.delivery import Outcome, deliver, post, queue_deliveries, redeliver
from jinzhou.webhooks.services.fan_out import build_payload, fan_out, lost_fan_outs
from jinzhou.webhooks.services.sweep import deliver_due

__all__ = [
    "Outcome",
    "build_payload",
    "deliver",
    "deliver_due",
    "fan_out",
    "lost_fan_outs",
    "post",
    "queue_deliveries",
    "redeliver",
]
