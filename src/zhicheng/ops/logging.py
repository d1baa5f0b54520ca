"""Structured logs: JSON (LOG_FORMAT=json) or plain lines, each with the request id and user id.

Audit and security events go to their own loggers (``zhicheng.audit``, ``zhicheng.security``) and carry an
``event_kind`` field, so a log pipeline can route them apart from ordinary application logs::

    from zhicheng.ops.logging import security_event
    security_event("id_number.view", user_id=request.user.pk, application_id=app.pk)
"""

import datetime as dt
import logging

from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

from .context import request_id_var, user_id_var

audit_logger = logging.getLogger("zhicheng.audit")
security_logger = logging.getLogger("zhicheng.security")
request_logger = logging.getLogger("zhicheng.request")

# Attributes every LogRecord already has: extra fields with these names are renamed, not lost.
_RESERVED = set(logging.LogRecord("x", 0, "x", 0, "", None, None).__dict__) | {"message", "asctime"}

_KIND_BY_LOGGER = {"zhicheng.audit": "audit", "zhicheng.security": "security", "zhicheng.request": "request"}


def _event_kind(logger_name: str) -> str:
    for prefix, kind in _KIND_BY_LOGGER.items():
        if logger_name == prefix or logger_name.startswith(prefix + "."):
            return kind
    return "app"


class ContextFilter(logging.Filter):
    """Adds request_id, user_id and event_kind to every record (attach it to the handlers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get() or "-"
        if getattr(record, "user_id", None) is None:
            record.user_id = user_id_var.get()
        if not getattr(record, "event_kind", None):
            record.event_kind = _event_kind(record.name)
        return True


class JsonFormatter(_BaseJsonFormatter):
    """One JSON object per line: timestamp, level, logger, message, request_id, user_id, event_kind, extras."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("json_ensure_ascii", False)
        kwargs.setdefault("timestamp", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        log_record["timestamp"] = dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
            timespec="milliseconds")
        log_record["level"] = record.levelname
        log_record["logger"] = record.name
        log_record.setdefault("request_id", getattr(record, "request_id", None) or request_id_var.get() or None)
        log_record.setdefault("user_id", getattr(record, "user_id", None))
        log_record.setdefault("event_kind", getattr(record, "event_kind", None) or _event_kind(record.name))


class ForbiddenOneLine(logging.Filter):
    """Django logs every 403 on ``django.request`` at WARNING with the PermissionDenied traceback; a 403 is an
    expected answer (someone followed a link their role may not open), so it becomes one line with the request
    id, the user and the path, and no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        path = getattr(request, "path", "-")
        user = getattr(request, "user", None) if request is not None else None
        user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
        request_id = getattr(request, "request_id", None) or request_id_var.get() or "-"
        record.msg = "403 Forbidden %s user=%s request_id=%s"
        record.args = (path.encode("unicode_escape").decode("ascii"), user_id or "anonymous", request_id)
        record.exc_info = record.exc_text = record.stack_info = None
        record.path, record.user_id, record.request_id = path, user_id, request_id
        return True


def _extra(kind: str, name: str, fields: dict) -> dict:
    extra = {"event_kind": kind, "event": name}
    for key, value in fields.items():
        extra[f"field_{key}" if key in _RESERVED else key] = value
    return extra


def security_event(name: str, /, **fields) -> None:
    """Log a security event (lockout, full ID number viewed, permission probe...) on ``zhicheng.security``."""
    security_logger.warning(name, extra=_extra("security", name, fields))


def audit_event(name: str, /, **fields) -> None:
    """Log an audit event on ``zhicheng.audit`` (the audit trail in the database stays the record)."""
    audit_logger.info(name, extra=_extra("audit", name, fields))


PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def build_logging(fmt: str = "plain", level: str = "WARNING", app_level: str = "INFO") -> dict:
    """The LOGGING setting: ``fmt`` is "json" or "plain"; zhicheng.* loggers log at ``app_level``."""
    formatter = "json" if fmt.strip().lower() == "json" else "plain"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "zhicheng.ops.logging.ContextFilter"},
                    "forbidden_one_line": {"()": "zhicheng.ops.logging.ForbiddenOneLine"}},
        "formatters": {
            "plain": {"format": PLAIN_FORMAT},
            "json": {"()": "zhicheng.ops.logging.JsonFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": formatter, "filters": ["context"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "zhicheng": {"level": app_level},
            "django.request": {"filters": ["forbidden_one_line"]},
            "celery": {"level": "INFO"},
        },
    }
