"""Queue a Celery task so that the request that asked for it does not wait for it.

With a broker the task goes to it and a worker runs it (``task.delay``). Without one (the embedded set-up:
``CELERY_TASK_ALWAYS_EAGER``) Celery would run it inside the request, so an applicant's 申领 waited for the
certificate to be signed and drawn (3.4 s on a busy machine). There, with ``TASKS_IN_BACKGROUND`` on (the embedded
default), the task runs in one background thread of the web process instead, one task at a time, after the
response has gone; the page the user lands on shows the job's progress and refreshes itself.

Tests keep ``TASKS_IN_BACKGROUND`` off (``settings/test.py``): their tasks run at once, inside the request, so a test
reads the result straight after the request.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import connections

logger = logging.getLogger("zhicheng.tasks")

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            # One thread: SQLite takes one writer at a time anyway, and the renderers hold a lock per process.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhicheng-task")
        return _executor


def runs_in_thread(task) -> bool:
    return bool(task.app.conf.task_always_eager and getattr(settings, "TASKS_IN_BACKGROUND", False))


def _run(task, args, kwargs):
    try:
        result = task.apply(args=args, kwargs=kwargs, throw=False)
        if result.failed():
            logger.error("background task %s failed: %r\n%s", task.name, result.result, result.traceback)
        return result
    finally:
        connections.close_all()  # this thread's connections: nobody else will close them


def enqueue(task, *args, **kwargs) -> Future | object:
    """Queue ``task(*args, **kwargs)``: to the broker, or to the web process's background thread (see above),
    or, when neither applies (tests), run it now. Call it from ``transaction.on_commit`` so the task sees the data."""
    if runs_in_thread(task):
        context = contextvars.copy_context()  # the request id goes along into the task's log lines
        return _pool().submit(context.run, _run, task, args, kwargs)
    return task.delay(*args, **kwargs)
