"""zhicheng: junior professional-title recognition platform.

The Celery app is created when Django starts (``zhicheng.ops`` imports :mod:`zhicheng.celery` in its
``ready()``), so ``@shared_task`` binds to it, and ``celery -A zhicheng`` finds it as ``zhicheng.celery.app``.
It is not imported here: the pure ``zhicheng.policy`` package and the ``zhicheng eligibility`` command
would pay for Celery's import on every start. ``from zhicheng import celery_app`` still works.
"""


def __getattr__(name: str):
    if name == "celery_app":
        from .celery import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ("celery_app",)
