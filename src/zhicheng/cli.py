"""The ``zhicheng`` command: Django's management commands with the project's settings.

``zhicheng eligibility FILE`` is answered by the pure policy package before Django is imported: the rules
need neither settings nor database, and bulk screening should cost what the rules cost. Anything else —
including ``publicity``, whose holiday calendar includes the years administrators entered in the
database, and ``eligibility`` with options such as ``--help`` — goes through Django as before.
"""

import os
import sys


def _pure_policy_command(args: list[str]) -> bool:
    return len(args) == 2 and args[0] == "eligibility" and (args[1] == "-" or not args[1].startswith("-"))


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if _pure_policy_command(args):
        from zhicheng.policy.cli import run

        sys.exit(run(args[0], args[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhicheng", *args])


if __name__ == "__main__":
    main()
