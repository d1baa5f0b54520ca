"""Navigation per role. Items whose page does not exist are left out."""

from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from zhicheng.accounts.models import Role
from zhicheng.batches.selectors import notice_for_user
from zhicheng.core import pagecache
from zhicheng.notifications.selectors import unread_count

NAV = {
    None: [("core:selfcheck", "条件自检"), ("certificates:verify", "证书查验")],
    Role.APPLICANT: [
        ("core:landing", "工作台"), ("applications:mine", "我的申报"), ("core:selfcheck", "条件自检"),
        ("certificates:mine", "我的证书"), ("supervision:my_records", "诚信与申诉"), ("supervision:my_reports", "实名举报"),
    ],
    Role.UNIT_OFFICER: [
        ("core:landing", "工作台"), ("recommendations:dashboard", "考核推荐"), ("applications:queue", "单位审核"),
        ("applications:recognised", "认定结果"), ("orgs:my_unit", "单位信息"), ("supervision:my_reports", "实名举报"),
        ("api_tokens:list", "API 令牌"),
    ],
    Role.DEPARTMENT_REVIEWER: [
        ("core:landing", "工作台"), ("applications:queue", "复核队列"), ("supervision:appeals", "申诉复查"),
        ("supervision:audit", "审计记录"), ("api_tokens:list", "API 令牌"),
    ],
    Role.BUREAU_REVIEWER: [
        ("core:landing", "工作台"), ("batches:list", "申报批次"), ("applications:queue", "认定队列"),
        ("accounts:pending_officers", "单位账号审核"), ("orgs:change_queue", "单位信息变更"),
        ("certificates:issue", "签发证书"), ("supervision:dashboard", "监督管理"), ("supervision:stats", "统计"),
        ("supervision:audit", "审计记录"), ("api_tokens:list", "API 令牌"),
    ],
    Role.ADMIN: [
        ("core:landing", "工作台"), ("batches:list", "申报批次"), ("supervision:dashboard", "监督管理"),
        ("supervision:stats", "统计"), ("supervision:audit", "审计记录"), ("admin:index", "管理后台"),
    ],
}


def nav_items(user) -> list[tuple[str, str]]:
    role = user.role if user.is_authenticated else None
    return list(_nav_items(role, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF))


@lru_cache(maxsize=64)
def _nav_items(role, script_prefix: str, urlconf) -> tuple[tuple[str, str], ...]:
    # Every page's menu: the same few reverse() calls for a role, worked out once per process (the script
    # prefix and URLconf are part of the key, so a mounted site or a test's URLconf gets its own).
    items = []
    for name, label in NAV.get(role, NAV[None]):
        try:
            items.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return tuple(items)


def navigation(request):
    user = request.user
    unread = 0
    if user.is_authenticated:
        unread = unread_count(user)
    return {"nav_items": nav_items(user), "unread_notifications": unread}


def footer(request):
    """The notice and contact the footer cites: the person's district and batch, never a fixed one."""
    from django.utils.functional import SimpleLazyObject

    pair = SimpleLazyObject(lambda: _Notice(*_notice(request.user)))
    return {"footer_notice": pair}


def _notice(user) -> tuple:
    if not user.is_authenticated:
        return notice_for_user(user)
    # Kept per person, to the minute (the running batch is the one whose deadline has not passed): batches,
    # districts, units and people bump the global generation, a person's new application their own.
    return pagecache.remember(f"notice:{user.pk}", generations=[pagecache.GLOBAL, pagecache.user_generation(user.pk)],
                              compute=lambda: notice_for_user(user), per_minute=True)


class _Notice:
    def __init__(self, district, batch):
        self.district, self.batch = district, batch
