from django.apps import AppConfig

from zhicheng.audit.labels import choice_format, register

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "signing.ca_init": "创建根 CA",
    "signing.ca_import": "导入外部 CA 根证书",
    "signing.key_issue": "签发机构签名证书",
    "signing.key_rotate": "轮换机构签名证书",
    "signing.key_import": "导入机构签名证书",
    "signing.key_revoke": "吊销机构签名证书",
}


class SigningConfig(AppConfig):
    name = "zhicheng.signing"
    verbose_name = "电子签章"

    def ready(self) -> None:
        from .models import KeyStatus, OrgKind

        register(AUDIT_LABELS, fields_of={"signing": {
            "fingerprint": None, "not_after": "有效期至", "org_kind": "机构类型", "serial": "证书序列号",
            "replaces": "替换的证书序列号"}}, states_of={"signing": dict(KeyStatus.choices)}, formats={"signing.org_kind": choice_format(OrgKind.choices)})
