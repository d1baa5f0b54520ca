"""Every router of /api/v1, mounted on the one API."""

from .core import api
from .routes_account import router as account
from .routes_checks import router as checks

api.add_router("", checks)
api.add_router("", account)
