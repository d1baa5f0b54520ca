from django.core.management.base import BaseCommand

from zhicheng.core.demo import DEMO_PASSWORD, build_demo
from zhicheng.orgs.models import District


class Command(BaseCommand):
    help = "载入演示数据（辖区、单位、批次、各角色账号及各状态的申报）。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="已有数据时不重复载入")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="登录说明中显示的网址")

    def handle(self, *args, once=False, url="http://127.0.0.1:8000/", **options):
        self.url = url
        if District.objects.exists():
            if once:
                self.stdout.write("演示数据已存在，跳过载入。")
                self._print_logins(None)
                return
            self.stderr.write("数据库中已有数据；演示数据只能载入到空数据库（可加 --once 跳过）。")
            raise SystemExit(2)
        world = build_demo()
        self._print_logins(world)

    def _print_logins(self, world):
        from zhicheng.accounts.models import User

        self.stdout.write(self.style.SUCCESS(f"演示账号（密码均为 {DEMO_PASSWORD}）："))
        if world is not None:
            rows = world.logins
        else:
            rows = [(u.username, u.get_role_display(), u.unit.name if u.unit_id else "")
                    for u in User.objects.select_related("unit").order_by("id")[:40]]
        for username, role, note in rows:
            self.stdout.write(f"  {username:<16} {role:<12} {note}")
        self.stdout.write(f"打开 {self.url} 登录。")
