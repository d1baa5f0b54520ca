from django.core.management.base import BaseCommand

from zhicheng.applications.services import applications_close_overdue


class Command(BaseCommand):
    help = "终止退回后逾期未修改提交的申报（每次运行都会留下审计记录）。"

    def handle(self, *args, **options):
        closed = applications_close_overdue()
        self.stdout.write(f"已终止逾期未补正的申报 {closed} 件。")
