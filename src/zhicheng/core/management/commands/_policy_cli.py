"""Shared body of `zhicheng eligibility FILE` and `zhicheng publicity FILE` (the contract's CLI)."""

import sys

from django.core.management.base import BaseCommand

from zhicheng.policy.api import run_cli


class PolicyCommand(BaseCommand):
    policy_command = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON 文件路径；- 表示标准输入")

    def execute(self, *args, **options):
        # Bypass Django's system checks and error formatting: the contract wants one line and exit 2.
        return self.handle(*args, **options)

    def handle(self, *args, file, **options):
        try:
            if file == "-":
                text = sys.stdin.buffer.read().decode("utf-8")
            else:
                with open(file, "rb") as fh:
                    text = fh.read().decode("utf-8")
        except OSError as exc:
            sys.stderr.write(f"无法读取输入文件 {file}：{exc.strerror}\n")
            sys.exit(2)
        except UnicodeDecodeError:
            sys.stderr.write("输入不是 UTF-8 编码的文本\n")
            sys.exit(2)
        calendar = None
        if self.policy_command == "publicity":
            from zhicheng.core.calendar import get_work_calendar

            calendar = get_work_calendar()
        code, out, err = run_cli(self.policy_command, text, calendar)
        sys.stdout.buffer.write(out.encode("utf-8"))
        sys.stdout.flush()
        if err:
            sys.stderr.buffer.write(err.encode("utf-8"))
            sys.stderr.flush()
        sys.exit(code)
