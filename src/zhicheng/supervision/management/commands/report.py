import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhicheng.batches.models import Batch
from zhicheng.supervision import upward


class Command(BaseCommand):
    help = ("上报数据：report batch <批次 id> --format json|csv|xlsx [--mapping 映射文件] [--output 文件]，"
            "输出该批次已认定人员，字段按映射文件改为上级平台的代码和格式（默认映射见 docs/upward-report.md）；"
            "report mapping 输出默认映射，供复制修改。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        batch = sub.add_parser("batch", help="导出一个批次的已认定人员")
        batch.add_argument("batch_id", type=int, help="批次 id（批次页面地址中的数字）")
        batch.add_argument("--format", dest="fmt", choices=upward.FORMATS, default="xlsx", help="输出格式")
        batch.add_argument("--mapping", help="字段映射文件（YAML 或 JSON）；不填用默认映射")
        batch.add_argument("--output", "-o", help="输出文件；不填写到标准输出")
        sub.add_parser("mapping", help="输出默认映射文件")

    def handle(self, *args, action, **options):
        if action == "mapping":
            self.stdout.write(upward.default_mapping_text(), ending="")
            return
        batch = Batch.objects.select_related("district").filter(pk=options["batch_id"]).first()
        if batch is None:
            raise CommandError(f"没有 id 为 {options['batch_id']} 的批次。")
        try:
            text = (Path(options["mapping"]).read_text(encoding="utf-8") if options.get("mapping")
                    else upward.default_mapping_text())
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"映射文件无法读取：{exc}") from None
        try:
            mapping = upward.parse_mapping(text)
            content, count = upward.build_report(batch, mapping, options["fmt"])
        except ValidationError as exc:
            raise CommandError("映射文件有问题：\n" + "\n".join(f"- {m}" for m in exc.messages)) from None
        upward.record_report(batch=batch, actor=None, mapping=mapping, fmt=options["fmt"], count=count, via="command")
        if options.get("output"):
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"已写入 {options['output']}：{batch.name} 已认定 {count} 人。")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
