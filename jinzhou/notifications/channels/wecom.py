"""企业微信群机器人: POST {"msgtype": "markdown", "markdown": {"content": ...}} to the robot URL."""

from jinzhou.notifications.channels.base import post_json, require_robot, robot_answer_ok
from jinzhou.notifications.channels.text import markdown_for


def payload(notification) -> dict:
    return {"msgtype": "markdown", "markdown": {"content": markdown_for(notification)}}


def send(delivery) -> None:
    robot = require_robot(delivery)
    robot_answer_ok(post_json(robot.url, payload(delivery.notification)))
