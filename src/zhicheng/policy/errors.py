"""Exceptions raised for input the engine cannot judge.

``str(error)`` is always one line in Chinese, naming the field when there is
one, so a CLI can print it to stderr and an API can answer 422 with it.
"""


class PolicyInputError(ValueError):
    """Base class: the input cannot be evaluated. ``str()`` is one line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.splitlines()))

    @property
    def message(self) -> str:
        return self.args[0]


class ProfileError(PolicyInputError):
    """Invalid eligibility profile or publicity input; the message starts with the field path."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class UnknownYearError(PolicyInputError):
    """A date falls in a year whose statutory holiday schedule is not known."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"{year} 年的法定节假日安排尚未录入，无法计算工作日")
