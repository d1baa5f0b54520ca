import datetime as dt
import sys

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhicheng.core.calendar import get_work_calendar, holiday_year_import
from zhicheng.core.models import DayKind, HolidayDay
from zhicheng.policy.errors import PolicyInputError

FORMAT_HELP = """文件格式（YAML 或 JSON）：
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知
holidays:            # 放假日期：单日或区间
  - {from: 2027-01-01, to: 2027-01-03, name: 元旦}
  - 2027-04-05
workdays:            # 调休上班的周末
  - 2027-02-07
"""


def _day(value, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CommandError(f"{where}: “{value}”不是有效日期（应为 YYYY-MM-DD）") from None


def _days(items, field: str) -> tuple[set[dt.date], dict]:
    days, names = set(), {}
    if items is None:
        return days, names
    if not isinstance(items, list):
        raise CommandError(f"{field}: 应为日期列表")
    for i, item in enumerate(items):
        where = f"{field}[{i}]"
        if isinstance(item, dict):
            unknown = set(item) - {"from", "to", "name", "date"}
            if unknown:
                raise CommandError(f"{where}: 不认识的字段 {', '.join(sorted(unknown))}")
            start = _day(item.get("from", item.get("date")), where)
            end = _day(item.get("to", start), where)
            if end < start:
                raise CommandError(f"{where}: 结束日期早于开始日期")
            d = start
            while d <= end:
                days.add(d)
                names[d] = str(item.get("name", ""))
                d += dt.timedelta(days=1)
        else:
            days.add(_day(item, where))
    return days, names


class Command(BaseCommand):
    help = "法定节假日安排：import FILE 录入（或替换）一个年度；show YEAR 查看；years 列出已知年度。\n" + FORMAT_HELP

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "show", "years"])
        parser.add_argument("arg", nargs="?", help="import: 文件路径（- 为标准输入）；show: 年度")

    def handle(self, *args, action, arg=None, **options):
        if action == "import":
            self._import(arg)
        elif action == "show":
            self._show(arg)
        else:
            years = get_work_calendar().years
            entered = set(HolidayDay.objects.values_list("year__year", flat=True))
            for year in years:
                self.stdout.write(f"{year}{'（管理员录入）' if year in entered else ''}")

    def _import(self, path):
        if not path:
            raise CommandError("请给出文件路径。\n" + FORMAT_HELP)
        try:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise CommandError(f"文件格式有误：{' '.join(str(exc).split())}") from None
        if not isinstance(data, dict) or not isinstance(data.get("year"), int):
            raise CommandError("文件须包含整数字段 year。\n" + FORMAT_HELP)
        unknown = set(data) - {"year", "source", "holidays", "workdays"}
        if unknown:
            raise CommandError(f"不认识的字段：{', '.join(sorted(unknown))}")
        holidays, names = _days(data.get("holidays"), "holidays")
        workdays, work_names = _days(data.get("workdays"), "workdays")
        try:
            holiday_year_import(year=data["year"], holidays=holidays, workdays=workdays,
                                source=str(data.get("source", "")), names={**names, **work_names})
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(
            f"已录入 {data['year']} 年：放假 {len(holidays)} 天，调休上班 {len(workdays)} 天。"))

    def _show(self, arg):
        try:
            year = int(arg)
        except (TypeError, ValueError):
            raise CommandError("请给出年度，例如：zhicheng calendar show 2026") from None
        calendar = get_work_calendar()
        try:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            total = calendar.working_days(start, end)
        except PolicyInputError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{year} 年共有 {total} 个工作日。")
        d = start
        while d <= end:
            weekend = d.weekday() >= 5
            if calendar.is_working_day(d) == weekend:
                label = DayKind.WORKDAY.label if weekend else DayKind.HOLIDAY.label
                self.stdout.write(f"  {d:%Y-%m-%d} {label}")
            d += dt.timedelta(days=1)
