"""Demo data: one city, two districts, departments, units of every kind, batches and one login per role.

Other apps add their part (lists, applications in every state, certificates, supervision) through a
``demo.py`` module with ``seed(world)``; they are called in ``DEMO_STEPS`` order.
"""

import datetime as dt
import importlib
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.validators import id_check_char, validate_id_number
from zhicheng.batches.models import Batch
from zhicheng.orgs.models import Affiliation, Department, District, Unit, UnitKind
from zhicheng.orgs.validators import uscc_check_char, validate_uscc

DEMO_PASSWORD = "Zhicheng@2024"
SHANGHAI = ZoneInfo("Asia/Shanghai")
DEMO_STEPS = [
    "zhicheng.recommendations.demo",
    "zhicheng.applications.demo",
    "zhicheng.certificates.demo",
    "zhicheng.supervision.demo",
]


def _checked(code: str, validate) -> str:
    """Demo and test data only use codes the platform itself accepts (a bad body is a mistake in the data)."""
    try:
        validate(code)
    except ValidationError as exc:
        raise ValueError(f"{code}: {' '.join(exc.messages)}") from None
    return code


def make_uscc(body17: str) -> str:
    """A USCC from its first 17 characters (GB 32100 authority, type and division code included)."""
    return _checked(body17 + uscc_check_char(body17), validate_uscc)


def make_id_number(region: str, birth: dt.date, seq: int, male: bool) -> str:
    """An ID number from a GB/T 2260 region code (its first two digits a province), a birth date and a sequence."""
    seq3 = f"{seq:02d}{1 if male else 2}" if seq < 100 else f"{seq % 100:02d}{1 if male else 2}"
    first17 = f"{region}{birth:%Y%m%d}{seq3}"
    return _checked(first17 + id_check_char(first17), validate_id_number)


def at(year, month, day, hour=0, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class DemoWorld:
    districts: dict[str, District] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    batches: dict[str, Batch] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role label, what for)
    _password_hash: str = ""

    def user(self, username: str, *, role: str, real_name: str, note: str, **extra) -> User:
        user = User(username=username, role=role, real_name=real_name, **extra)
        if not self._password_hash:  # hash once: argon2 is slow on purpose
            self._password_hash = make_password(DEMO_PASSWORD)
        user.password = self._password_hash
        if role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
        if role == Role.BUREAU_REVIEWER:
            user.is_staff = True
        user.save()
        self.users[username] = user
        self.logins.append((username, Role(role).label, note))
        return user


def seed_foundation(world: DemoWorld) -> None:
    panlong = District.objects.create(
        name="盘龙区", code="530103", bureau_name="盘龙区人力资源和社会保障局",
        bureau_address="昆明市北京路481号四楼421室", bureau_phone="0871-65629523，65615187",
        bureau_uscc=make_uscc("11530103015200021"),
    )
    wuhua = District.objects.create(name="五华区", code="530102", bureau_name="五华区人力资源和社会保障局",
                                    bureau_uscc=make_uscc("11530102015200018"))
    world.districts.update(panlong=panlong, wuhua=wuhua)
    edu = Department.objects.create(district=panlong, name="盘龙区教育体育局")
    build = Department.objects.create(district=panlong, name="盘龙区住房和城乡建设局")
    world.departments.update(edu=edu, build=build)

    def unit(key, name, body, kind, **kw):
        world.units[key] = Unit.objects.create(name=name, uscc=make_uscc(body), kind=kind, district=kw.pop(
            "district", panlong), **kw)

    unit("school", "昆明市盘龙区金辰实验学校", "12530103MB0000001", UnitKind.PUBLIC_INSTITUTION, department=edu,
         legal_representative="李明")
    unit("soe", "昆明盘龙城市建设投资集团有限公司", "91530103MA6K00001", UnitKind.STATE_OWNED, department=build,
         legal_representative="王强")
    unit("private", "云南星辰信息科技有限公司", "91530103MA6K00002", UnitKind.NON_PUBLIC, legal_representative="赵云")
    unit("dispatch", "云南人和劳务派遣有限公司", "91530103MA6K00003", UnitKind.NON_PUBLIC, is_labour_dispatch=True,
         legal_representative="钱进")
    unit("branch", "四川蜀道路桥工程有限公司昆明分公司", "91530103MA6K00004", UnitKind.NON_PUBLIC,
         is_out_of_province_branch=True, parent_company_name="四川蜀道路桥工程有限公司", legal_representative="孙立")
    unit("provincial", "云南省建筑科学研究院（省属）", "12530000MB0000005", UnitKind.PUBLIC_INSTITUTION,
         affiliation=Affiliation.PROVINCIAL)
    unit("wuhua_firm", "五华区青云软件有限公司", "91530102MA6K00006", UnitKind.NON_PUBLIC, district=wuhua)

    world.batches["2024q3"] = Batch.objects.create(
        district=panlong, name="2024年第三期（9月）", year=2024, sequence=3,
        list_deadline=at(2024, 8, 29, 0, 0), window_start=at(2024, 9, 1, 9), window_end=at(2024, 9, 20, 17),
        revision_deadline=at(2024, 9, 27, 17), review_deadline=at(2024, 9, 30, 17), is_published=True,
        published_at=at(2024, 7, 31, 9),
        notice_title="昆明市盘龙区人力资源和社会保障局关于开展2024年第三期（9月）初级职称考核认定申报工作的通知",
        notice_text="依据盘龙区人社局2024年7月31日通知：个人网络申报及单位审核提交2024年9月1日9:00—20日17:00；"
                    "返回修改截止2024年9月27日17:00；人社局审核截止2024年9月30日17:00。",
    )
    world.batches["current"] = Batch.objects.create(
        district=panlong, name="2026年第四期（12月）", year=2026, sequence=4,
        list_deadline=at(2026, 11, 20, 17), window_start=at(2026, 11, 23, 9), window_end=at(2026, 12, 20, 17),
        revision_deadline=at(2026, 12, 25, 17), review_deadline=at(2026, 12, 30, 17), is_published=True,
        published_at=at(2026, 10, 30, 9), notice_text="演示用的当前批次：申报期内可体验完整流程。",
        notice_title="昆明市盘龙区人力资源和社会保障局关于开展2026年第四期（12月）初级职称考核认定申报工作的通知",
    )

    world.user("admin", role=Role.ADMIN, real_name="系统管理员", note="管理后台与全市数据")
    world.user("bureau", role=Role.BUREAU_REVIEWER, real_name="周审核", district=panlong, note="盘龙区人社局认定")
    world.user("bureau_wuhua", role=Role.BUREAU_REVIEWER, real_name="吴审核", district=wuhua, note="五华区人社局认定")
    world.user("dept_edu", role=Role.DEPARTMENT_REVIEWER, real_name="郑复核", department=edu, note="教育体育局复核")
    world.user("dept_build", role=Role.DEPARTMENT_REVIEWER, real_name="冯复核", department=build, note="住建局复核")
    officer_names = {"school": "陈老师", "soe": "刘主管", "private": "黄经理", "dispatch": "林专员", "branch": "何主任"}
    for key, label in [("school", "事业单位"), ("soe", "国有企业"), ("private", "非公经济组织，无主管部门"),
                       ("dispatch", "劳务派遣公司"), ("branch", "外省企业分公司")]:
        u = world.units[key]
        world.user(f"unit_{key}", role=Role.UNIT_OFFICER, real_name=officer_names[key], unit=u,
                   phone="13800000000", note=f"{u.name}（{label}）")
    world.user("unit_pending", role=Role.UNIT_OFFICER, real_name="待审经办人", unit=world.units["wuhua_firm"],
               is_approved=False, note="待五华区人社局审核的单位账号")
    hints = {"wang_wu": "，2024年第三期已认定、纸质表已登记：可申领电子证书"}
    people = [
        ("zhang_san", "张三", "school", dt.date(1998, 3, 12), True),
        ("li_si", "李四", "soe", dt.date(1996, 7, 2), True),
        ("wang_wu", "王五", "private", dt.date(1999, 11, 23), False),
        ("zhao_liu", "赵六", "dispatch", dt.date(1995, 1, 30), True),
        ("sun_qi", "孙七", "branch", dt.date(1997, 5, 18), False),
    ]
    for i, (username, name, unit_key, birth, male) in enumerate(people, start=1):
        world.user(username, role=Role.APPLICANT, real_name=name,
                   id_number=make_id_number("530103", birth, i * 3, male),
                   note=f"专业技术人员（{world.units[unit_key].name}）{hints.get(username, '')}")


@transaction.atomic
def build_demo() -> DemoWorld:
    world = DemoWorld()
    seed_foundation(world)
    for module_name in DEMO_STEPS:
        importlib.import_module(module_name).seed(world)  # the apps above core, named here, not imported by it
    return world
