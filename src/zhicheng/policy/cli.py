"""The contract's commands, ``zhicheng eligibility FILE`` and ``zhicheng publicity FILE`` (pure Python).

:func:`run` reads FILE (``-`` for standard input) as bytes, answers on stdout and returns the exit code
(0 valid input, 2 invalid input with one line on stderr, 1 internal error). ``zhicheng.cli`` calls it for
``eligibility`` before Django is set up — the rules read only this package's files, so screening 20,000
profiles pays for no Django, Celery or ORM import. ``publicity`` needs the holiday years administrators
entered in the database, so its management command sets Django up and hands the calendar in.
"""

from __future__ import annotations

import sys

from zhicheng.policy.api import run_cli_bytes
from zhicheng.policy.workdays import WorkCalendar


class InputUnreadable(Exception):
    """FILE cannot be read; the message is the stderr line."""


def read_input(file: str) -> bytes:
    try:
        if file == "-":
            return sys.stdin.buffer.read()
        with open(file, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputUnreadable(f"无法读取输入文件 {file}：{exc.strerror}") from None


def run(command: str, file: str, calendar: WorkCalendar | None = None) -> int:
    try:
        data = read_input(file)
    except InputUnreadable as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    code, out, err = run_cli_bytes(command, data, calendar)
    del data
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    if err:
        sys.stderr.buffer.write(err.encode("utf-8"))
        sys.stderr.flush()
    return code

