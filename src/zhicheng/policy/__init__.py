"""Eligibility engine for 初级职称考核认定 (pure Python, no Django).

Public entry points live in :mod:`zhicheng.policy.api`; dated thresholds in
:mod:`zhicheng.policy.parameters`; the work-day calendar in
:mod:`zhicheng.policy.workdays`.
"""

from zhicheng.policy.errors import PolicyInputError, ProfileError, UnknownYearError
from zhicheng.policy.parameters import PARAMETER_VERSION

__all__ = ["PARAMETER_VERSION", "PolicyInputError", "ProfileError", "UnknownYearError"]
