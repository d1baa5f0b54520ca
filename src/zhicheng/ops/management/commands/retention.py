from django.core.management.base import BaseCommand, CommandError

from zhicheng.ops.retention import apply_plan, build_plan


class Command(BaseCommand):
    help = "按保存期限删除或脱敏到期数据（默认只列出将要处理的内容；--apply 才实际执行）。"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--dry-run", action="store_true", help="只列出到期数据，不做任何改动（默认）")
        group.add_argument("--apply", action="store_true", help="删除或脱敏到期数据，并写入审计记录")

    def handle(self, *args, apply=False, dry_run=False, **options):
        try:
            plans = build_plan()
        except Exception as exc:  # a missing table is an installation problem: say so plainly
            raise CommandError(f"无法计算保存期限：{exc}") from exc
        self.stdout.write("试运行：不做任何改动。" if not apply else "执行：删除或脱敏到期数据。")
        for plan in plans:
            count = f"{plan.count} 条" if plan.apply is not None else "—"
            self.stdout.write(f"  {plan.title}（{plan.period}）：{count}  {plan.action}{plan.note}")
            if plan.ids and not apply:
                sample = ", ".join(str(pk) for pk in plan.ids[:10])
                self.stdout.write(f"      编号：{sample}{' …' if plan.count > 10 else ''}")
        if not apply:
            self.stdout.write("加 --apply 执行。")
            return
        done = apply_plan(plans)
        total = sum(done.values())
        self.stdout.write(self.style.SUCCESS(f"已处理 {total} 条：" + "，".join(f"{k} {v}" for k, v in done.items())
                                             if done else "没有到期数据。"))
