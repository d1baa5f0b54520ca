"""describe(entry): one Chinese line per audit row, from what each app registered (zhicheng.audit.labels)."""

import pytest

from zhicheng.audit import labels
from zhicheng.audit.models import AuditEntry


def _row(action, changes=None, **states):
    return AuditEntry(action=action, changes=changes or {}, **states)


def test_dates_of_a_batch_changed_read_old_to_new_with_the_fields_names():
    text = labels.describe(_row("batch.change_dates", {
        "before": {"window_end": "2026-12-20T09:00:00+00:00"}, "after": {"window_end": "2026-12-22T09:00:00+00:00"}}))
    assert text == "网络申报截止时间：2026年12月20日 17:00 → 2026年12月22日 17:00"


def test_an_edited_list_entry_reads_old_to_new_and_masks_id_numbers():
    text = labels.describe(_row("recommendation_entry.update", {
        "level": ["yuanji", "zhuliji"], "id_number": ["530103199811230031", "53010319981123003X"]}))
    # In the model's order of fields, whatever order the database keeps the keys in.
    assert text == "居民身份证号码：530103********0031 → 530103********003X；申报级别：员级 → 助理级"


def test_states_are_named_per_kind_and_empty_values_are_left_out():
    assert labels.describe(_row("recommendation_list.submit", {"entries": 3}, from_state="draft",
                                to_state="submitted")) == "状态：编辑中 → 已报送；人数：3"
    assert labels.describe(_row("batch.publish", {}, from_state="draft", to_state="published")) == "状态：未发布 → 已发布"
    assert labels.describe(_row("signing.key_issue", {"serial": "ab", "replaces": None, "fingerprint": "ff"},
                                to_state="active")) == "状态：使用中；证书序列号：ab"


def test_a_code_named_twice_differently_is_refused():
    with pytest.raises(ValueError, match="two names"):
        labels.register({"application.submit": "另一个名字"})
    with pytest.raises(ValueError, match="two names"):
        labels.register({}, fields_of={"batch": {"window_end": "别的名字"}})
