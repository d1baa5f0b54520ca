from django.apps import AppConfig

from zhicheng.audit.labels import register

# The audit actions this app writes, by the names people read in the trail.
AUDIT_LABELS = {
    "id_number.view": "查看完整身份证号码",
    "account.register_applicant": "申报人注册",
    "account.register_unit_officer": "单位经办人注册",
    "account.approve_unit_officer": "审核通过单位经办人",
    "account.profile_update": "修改个人联系方式",
    "account.password_change": "修改密码",
}


class AccountsConfig(AppConfig):
    name = "zhicheng.accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from .validators import mask_id_number

        register(AUDIT_LABELS, fields={"id_number": "身份证号码", "real_name": "姓名", "email": "电子邮箱",
                                       "phone": "手机号码"},
                 fields_of={"account": {"unit": "单位"}}, formats={"id_number": mask_id_number},
                 states_of={"account": {"pending": "待审核", "approved": "已审核通过"}})
