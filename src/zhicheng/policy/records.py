"""Fast construction of frozen slots dataclasses on the screening hot path."""

from __future__ import annotations

from dataclasses import fields
from typing import Any


def positional_maker(cls: type) -> Any:
    """A positional constructor for a frozen slots dataclass, about twice as fast as ``cls(...)``.

    The generated ``__init__`` of a frozen dataclass goes through ``object.__setattr__`` per
    field; this writes the slots directly. Every field must be passed, in declaration order.
    """
    names = [f.name for f in fields(cls)]
    namespace = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{n}": cls.__dict__[n].__set__ for n in names})
    body = "".join(f"    _set_{n}(obj, {n})\n" for n in names)
    exec(f"def make({', '.join(names)}):\n    obj = _new(_cls)\n{body}    return obj\n", namespace)
    return namespace["make"]
