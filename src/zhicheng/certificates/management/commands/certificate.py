import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhicheng.certificates.signing import (
    canonical_json,
    certificate_verify_signature,
    key_id,
    load_public_key,
    public_key_pem,
)


class Command(BaseCommand):
    help = ("电子证书：verify FILE.pdf 核验证书 PDF 的电子签名（是否有效、签署者、签署后是否改动、是否撤销）；"
            "verify FILE.json 离线核验“下载签名数据”得到的 JSON（含 payload 和 signature；可用 --public-key 指定公钥 "
            "PEM 文件）；public-key 输出发证公钥。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="离线核验证书签名")
        verify.add_argument("file", help="证书 PDF 或签名数据 JSON 文件，- 表示标准输入")
        verify.add_argument("--public-key", dest="public_key", help="公钥 PEM 文件（默认用文件中或本系统的公钥）")
        sub.add_parser("public-key", help="输出发证公钥（PEM）")

    def handle(self, *args, action, **options):
        if action == "public-key":
            self.stdout.write(public_key_pem())
            return
        try:
            raw = sys.stdin.buffer.read() if options["file"] == "-" else Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc}") from None
        if raw.lstrip()[:1] != b"{":
            self._verify_pdf(raw)
            return
        try:
            data = json.loads(raw.decode("utf-8"))
            payload, signature = data["payload"], data["signature"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"无法读取证书签名数据：{exc}（需要含 payload 和 signature 的 JSON）") from None
        key, source = None, "本系统配置的发证密钥"
        if options.get("public_key"):
            key, source = Path(options["public_key"]).read_text(encoding="utf-8"), options["public_key"]
        elif data.get("public_key"):
            # The file's own key proves nothing unless its fingerprint matches the bureau's published key.
            key, source = data["public_key"], "文件自带的公钥（请与发证机关公布的公钥指纹核对）"
        try:
            fingerprint = key_id(load_public_key(key)) if key else key_id()
        except ValueError:
            raise CommandError("公钥格式不正确：需要 Ed25519 公钥 PEM 或 64 位十六进制。") from None
        self.stdout.write(f"公钥：{source}，指纹 {fingerprint}")
        text_payload = payload if isinstance(payload, str) else canonical_json(payload)
        if certificate_verify_signature(text_payload, signature, key):
            number = (json.loads(text_payload) or {}).get("number", "")
            self.stdout.write(self.style.SUCCESS(f"签名有效：证书 {number} 的数据未被改动。"
                                                 "（是否已撤销请以在线查验页面为准）"))
            return
        self.stderr.write("签名无效：证书数据被改动过，或不是由该公钥签发。")
        sys.exit(1)

    def _verify_pdf(self, data: bytes) -> None:
        from zhicheng.certificates.verification import check_certificate_pdf

        check = check_certificate_pdf(data)
        yes_no = {True: "是", False: "否", None: "无法判断"}
        self.stdout.write(f"电子签名：{'有效' if check.signature_valid else '无效或无法核验'}")
        self.stdout.write(f"签署者：{check.signer or '—'}")
        if check.signed_at:
            self.stdout.write(f"签署时间（签署者声明）：{check.signed_at:%Y-%m-%d %H:%M:%S %z}")
        self.stdout.write(f"签署后被改动：{yes_no[check.altered]}")
        if check.number:
            self.stdout.write(f"证书编号：{check.number}；证照标识：{check.identifier or '—'}")
        if check.certificate is not None:
            self.stdout.write(f"已撤销：{yes_no[check.revoked]}")
        for problem in check.problems:
            self.stderr.write(problem)
        if check.valid:
            self.stdout.write(self.style.SUCCESS(check.summary))
            return
        sys.exit(1)
