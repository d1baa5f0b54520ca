"""Every router of /api/v1, mounted on the one API."""

from .core import api
from .routes_account import router as account
from .routes_bureau import public as public_checks
from .routes_bureau import router as bureau
from .routes_checks import router as checks
from .routes_review import router as review
from .routes_units import router as units

api.add_router("", checks)
api.add_router("", public_checks)
api.add_router("", account)
api.add_router("", units)
api.add_router("", review)
api.add_router("", bureau)
