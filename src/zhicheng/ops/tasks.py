"""Operational tasks: a probe that shows a worker is consuming and that request ids reach it."""

import os
import socket

from celery import shared_task

from .context import request_id_var


@shared_task(name="zhicheng.ops.probe")
def probe(token: str) -> dict:
    """Echo the token with where and under which request id it ran (used by tests and by operators)."""
    return {"token": token, "request_id": request_id_var.get(), "pid": os.getpid(), "host": socket.gethostname()}
