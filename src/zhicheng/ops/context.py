"""The request id of the work being done, carried from a request into the Celery tasks it queues."""

import contextvars
import re
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("zhicheng_request_id", default="")
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("zhicheng_user_id", default=None)

# A request id from a proxy is kept only if it is short and plain (it ends up in logs and headers).
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

REQUEST_ID_HEADER = "X-Request-ID"
CELERY_HEADER = "zhicheng_request_id"


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str:
    """The incoming id if it is safe to log, otherwise a fresh one."""
    if value and _SAFE_ID.match(value):
        return value
    return new_request_id()


def current_request_id() -> str:
    return request_id_var.get()
