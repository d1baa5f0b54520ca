"""``zhicheng signing``: the installation's CA and the organisations' signing certificates (see docs/deploy.md)."""

import os
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhicheng.orgs.models import Department, District, Unit
from zhicheng.orgs.validators import normalise_uscc
from zhicheng.signing import services
from zhicheng.signing.models import KeyStatus, SigningKey


def _read(path: str) -> str:
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"无法读取文件 {path}：{exc}") from None


def _org(options):
    try:
        if options.get("district"):
            return District.objects.get(code=options["district"])
        if options.get("department"):
            return Department.objects.get(pk=int(options["department"]))
        if options.get("unit"):
            return Unit.objects.get(uscc=normalise_uscc(options["unit"]))
    except (District.DoesNotExist, Department.DoesNotExist, Unit.DoesNotExist, ValueError):
        raise CommandError("找不到该机构：--district 用 6 位行政区划代码，--department 用编号，--unit 用统一社会信用代码。") from None
    raise CommandError("请用 --district、--department 或 --unit 指定机构（或用 --all）。")


def _org_options(parser):
    parser.add_argument("--district", help="区人社局：6 位行政区划代码")
    parser.add_argument("--department", help="主管部门编号")
    parser.add_argument("--unit", help="用人单位统一社会信用代码")


class Command(BaseCommand):
    help = "电子签章证书：创建根 CA、为各机构签发/轮换/导入/吊销签名证书、导出 CA 证书。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init-ca", help="创建本系统的根 CA（只需一次）")
        init.add_argument("--name", default="", help="CA 名称（默认 SIGNING_CA_NAME）")
        issue = sub.add_parser("issue", help="为机构签发签名证书；已有的会被轮换")
        issue.add_argument("--all", action="store_true", help="所有尚无证书的人社局、主管部门和单位")
        issue.add_argument("--rotate", action="store_true", help="与 --all 同用：为所有机构轮换新证书")
        _org_options(issue)
        imp_ca = sub.add_parser("import-ca", help="信任外部 CA 的根证书（PEM 文件）")
        imp_ca.add_argument("file")
        imp = sub.add_parser("import", help="为机构导入外部 CA 签发的证书和私钥")
        imp.add_argument("--cert", required=True, help="机构证书 PEM 文件")
        imp.add_argument("--key", required=True, help="私钥 PEM 文件（导入后可删除）")
        imp.add_argument("--chain", default="", help="中间 CA 证书 PEM 文件（可选）")
        imp.add_argument("--password-env", default="", help="保存私钥口令的环境变量名（私钥加密时）")
        _org_options(imp)
        revoke = sub.add_parser("revoke", help="吊销一张机构证书")
        revoke.add_argument("serial", help="证书序列号（十六进制，可只写前 8 位以上）")
        revoke.add_argument("--reason", required=True)
        sub.add_parser("list", help="列出所有机构证书")
        sub.add_parser("ca-cert", help="输出本系统信任的 CA 证书（PEM），供 PDF 阅读器导入")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "do_" + action.replace("-", "_"))(options)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None

    def do_init_ca(self, options):
        ca = services.ca_init(name=options["name"])
        self.stdout.write(self.style.SUCCESS(f"已创建根 CA：{ca.name}，SHA-256 指纹 {ca.fingerprint}"))

    def do_issue(self, options):
        if options["all"]:
            keys = services.keys_issue_all(rotate=options["rotate"])
            self.stdout.write(self.style.SUCCESS(f"已签发 {len(keys)} 张机构证书。"))
            return
        key = services.key_issue(org=_org(options))
        self.stdout.write(self.style.SUCCESS(f"已为{key.subject_name}签发证书，序列号 {key.serial}，"
                                             f"有效期至 {key.not_after:%Y-%m-%d}。"))

    def do_import_ca(self, options):
        ca = services.ca_import(certificate_pem=_read(options["file"]))
        self.stdout.write(self.style.SUCCESS(f"已信任 CA：{ca.name}，SHA-256 指纹 {ca.fingerprint}"))

    def do_import(self, options):
        password = os.environ.get(options["password_env"], "") if options["password_env"] else ""
        key = services.key_import(org=_org(options), certificate_pem=_read(options["cert"]),
                                  private_key_pem=_read(options["key"]), password=password,
                                  chain_pem=_read(options["chain"]) if options["chain"] else "")
        self.stdout.write(self.style.SUCCESS(f"已为{key.subject_name}导入证书，序列号 {key.serial}。"))

    def do_revoke(self, options):
        serial = options["serial"].lower().lstrip("0")
        matches = list(SigningKey.objects.filter(serial__startswith=serial)[:2]) if len(serial) >= 8 else []
        if len(matches) != 1:
            raise CommandError("找不到唯一的证书：请写出序列号的前 8 位以上。")
        key = services.key_revoke(key=matches[0], reason=options["reason"])
        self.stdout.write(self.style.SUCCESS(f"已吊销{key.subject_name}的证书 {key.serial}。"))

    def do_list(self, options):
        for key in SigningKey.objects.order_by("org_kind", "subject_name", "-created_at"):
            self.stdout.write(f"{key.get_org_kind_display()}\t{key.subject_name}\t{key.serial}\t"
                              f"{key.get_status_display()}\t至 {key.not_after:%Y-%m-%d}")
        active = SigningKey.objects.filter(status=KeyStatus.ACTIVE).count()
        self.stdout.write(f"共 {active} 张使用中。")

    def do_ca_cert(self, options):
        self.stdout.write(services.trust_anchors_pem(), ending="")
