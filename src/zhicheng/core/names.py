"""Chinese names in the order people expect: by pinyin (with tones), not by Unicode code point.

Code-point order puts 张 (U+5F20) before 李 (U+674E) and scatters one surname's people; lists sorted here read
李四, 王五, 张三 as in a printed roster. pypinyin gives each character its reading (tone as a digit, so 李 li3 sorts
after 黎 li2); a character it does not know keeps its place after the known readings of the same letters.
"""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=4096)  # a pure function of the text; the filter lists ask for the same unit names on every page
def pinyin_key(text: str) -> str:
    """A sort key for a name: ``张三`` → ``zhang1 san1``."""
    return " ".join(lazy_pinyin((text or "").strip(), style=Style.TONE3, neutral_tone_with_five=True)).lower()


def sorted_by_pinyin(items, key=str) -> list:
    """Items sorted by the pinyin of ``key(item)`` (for short lists shown in full: units in a filter...)."""
    return sorted(items, key=lambda item: (pinyin_key(key(item)), key(item)))
