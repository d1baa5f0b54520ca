import sys

from django.core.management.base import BaseCommand

from zhicheng.audit.models import AuditEntry
from zhicheng.audit.services import audit_chain_count, audit_verify


class Command(BaseCommand):
    help = "审计日志：verify 校验每个辖区及全市的哈希链，发现被改动或删除的记录。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        problems = audit_verify()
        if problems:
            for line in problems:
                self.stderr.write(line)
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(f"审计日志完整：共 {AuditEntry.objects.count()} 条，{audit_chain_count()} 条哈希链无断点。"))
