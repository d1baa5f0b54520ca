"""Names sort by pinyin (issue 14, point 10): the key is kept on the person and follows a change of name."""

from django.urls import reverse

from zhicheng.accounts.models import Role, User
from zhicheng.core.names import pinyin_key, sorted_by_pinyin


def test_pinyin_order_reads_like_a_roster():
    assert sorted_by_pinyin(["张三", "李四", "王五", "陈晓雨", "阿依"]) == ["阿依", "陈晓雨", "李四", "王五", "张三"]
    assert pinyin_key("黎明") < pinyin_key("李明")  # li2 before li3


def test_the_key_follows_the_name(db):
    user = User.objects.create(username="p1", role=Role.APPLICANT, real_name="张三")
    assert user.name_pinyin == "zhang1 san1"
    user.real_name = "王五"
    user.save(update_fields=["real_name"])
    user.refresh_from_db()
    assert user.name_pinyin == "wang2 wu3"


def test_the_queue_filter_lists_units_by_pinyin(world, login):
    page = login(world.users["bureau"]).get(reverse("applications:queue")).content.decode()
    options = page.split('id="f-unit"')[1].split("</select>")[0]
    names = [u.name for u in world.units.values() if u.district_id == world.districts["panlong"].pk]
    positions = [options.index(name) for name in sorted_by_pinyin(names)]
    assert positions == sorted(positions)
