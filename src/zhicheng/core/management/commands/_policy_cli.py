"""Shared body of `zhicheng eligibility FILE` and `zhicheng publicity FILE` (the contract's CLI).

``zhicheng eligibility FILE`` normally never reaches Django (``zhicheng.cli`` runs it first); this command
is the same code for ``manage.py``-style calls and for ``publicity``, which needs the entered holiday years.
"""

import sys

from django.core.management.base import BaseCommand

from zhicheng.policy.cli import run


class PolicyCommand(BaseCommand):
    policy_command = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON 文件路径；- 表示标准输入")

    def execute(self, *args, **options):
        # Bypass Django's system checks and error formatting: the contract wants one line and exit 2.
        return self.handle(*args, **options)

    def handle(self, *args, file, **options):
        calendar = None
        if self.policy_command == "publicity":
            from zhicheng.core.calendar import get_work_calendar

            calendar = get_work_calendar()
        sys.exit(run(self.policy_command, file, calendar))
