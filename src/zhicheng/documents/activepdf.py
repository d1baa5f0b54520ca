"""Finding active content in an uploaded PDF: scripts, launch and submit actions, embedded files, XFA forms.

Reviewers open applicants' and units' PDFs in their own viewers, which run what a PDF asks them to: JavaScript
(``/OpenAction``, ``/AA`` additional actions, the ``/JavaScript`` names tree, 3D and rendition scripts), programs
(``/Launch``), form submissions to a stranger's server (``/SubmitForm``, ``/ImportData``), other files
(``/GoToR``, ``/GoToE``) and files carried inside the PDF (``/EmbeddedFiles``, file-attachment annotations). None
of that belongs in a scanned certificate, so such a file is refused rather than cleaned.

Why a walk of our own: pypdf parses the file (including PDF 1.5 object streams, whose objects it decompresses on
demand) but has no "is this file active" check, and the tools that do (pdfid, peepdf) are scripts that grep raw
bytes, which misses compressed objects and ``#xx``-escaped names. Instead of following the catalogue, pages,
annotations and names trees one by one (and missing whatever hangs elsewhere), every object listed in the
cross-reference table or an object stream is read once and each dictionary inside it is checked, wherever it sits.

A file is also refused when its structure is hostile: a loop in a tree (``/Kids`` of the page, names and form
trees, ``/First``/``/Next`` of outlines and action chains, ``/K`` of the structure tree), which sends some viewers
round for ever; more than ``MAX_OBJECTS`` objects; nesting deeper than ``MAX_DEPTH``; or more time than
``TIME_BUDGET`` seconds. Memory is bounded by the upload size limit (at most 20 MB read), the object limit and
pypdf's decompression limits, lowered here to ``MAX_DECOMPRESSED`` bytes per stream.
"""

from __future__ import annotations

import time

MAX_OBJECTS = 100_000
MAX_DEPTH = 64
TIME_BUDGET = 5.0
MAX_DECOMPRESSED = 25 * 1024 * 1024

# Action types (/S) that run code, start programs, send data out or open other files.
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE",
                            "/RichMediaExecute", "/Rendition"})
# Keys that carry scripts (/JS of an action, the /JavaScript names tree) or XFA forms (which carry scripts).
SCRIPT_KEYS = frozenset({"/JS", "/JavaScript", "/XFA"})
# Keys and types that carry files inside the PDF.
EMBEDDED_KEYS = frozenset({"/EmbeddedFiles", "/EF", "/RichMediaContent"})
EMBEDDED_TYPES = frozenset({"/EmbeddedFile"})
# Annotations that play or open what they carry.
ACTIVE_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/3D"})
# URI actions to these schemes run code or open local files instead of a web page.
ACTIVE_URI_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")
# Keys whose references form trees or chains; a cycle through them is a loop.
TREE_KEYS = frozenset({"/Kids", "/First", "/Next", "/K"})


class ActiveContent(Exception):
    """The PDF carries a script, an active action or an embedded file (the message says what and where)."""


class HostileStructure(Exception):
    """The PDF loops, or is too large or too slow to check."""


def _uri_is_active(value) -> bool:
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    return str(value).strip().lower().startswith(ACTIVE_URI_SCHEMES)


def _value(d, key: str):
    """d[key] with references followed (a viewer follows them too: ``/S 9 0 R`` is as active as ``/S /Launch``)."""
    from pypdf.generic import IndirectObject

    value = d.get(key)
    for _ in range(8):
        if not isinstance(value, IndirectObject):
            return value
        value = value.pdf.get_object(value)
    raise HostileStructure(f"reference chain at {key}")


def _name(d, key: str) -> str | None:
    value = _value(d, key)
    return str(value) if isinstance(value, str) else None


def _check_dictionary(d, where: str) -> None:
    for key in d:
        if key in SCRIPT_KEYS or key in EMBEDDED_KEYS:
            raise ActiveContent(f"{key} in {where}")
    action = _name(d, "/S")
    if action in ACTIVE_ACTIONS:
        raise ActiveContent(f"/S {action} in {where}")
    if action == "/URI" and _uri_is_active(_value(d, "/URI") or ""):
        raise ActiveContent(f"/URI script in {where}")
    if (kind := _name(d, "/Type")) in EMBEDDED_TYPES:
        raise ActiveContent(f"/Type {kind} in {where}")
    if (subtype := _name(d, "/Subtype")) in ACTIVE_ANNOTATIONS:
        raise ActiveContent(f"/Subtype {subtype} in {where}")


def _find_cycle(edges: dict[int, set[int]]) -> int | None:
    """An object on a cycle of the graph, or None (iterative depth-first search, three colours)."""
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    for start in edges:
        if start in state:
            continue
        stack = [(start, iter(edges.get(start, ())))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                return child
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(edges.get(child, ()))))
    return None


def inspect(reader, *, started: float | None = None) -> None:
    """Raise ActiveContent or HostileStructure for a PdfReader's file; return None for a passive one.

    ``started`` is the ``time.monotonic()`` at which checking the upload began, so parsing before this call
    counts against the time budget.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    deadline = (started if started is not None else time.monotonic()) + TIME_BUDGET
    ids = {(idnum, gen) for gen, table in reader.xref.items() for idnum in table}
    ids |= {(idnum, 0) for idnum in reader.xref_objStm}
    if len(ids) > MAX_OBJECTS:
        raise HostileStructure(f"{len(ids)} objects")
    edges: dict[int, set[int]] = {}
    work = 0
    roots = [(f"object {idnum} {gen}", idnum, IndirectObject(idnum, gen, reader)) for idnum, gen in sorted(ids)]
    roots.append(("trailer", None, reader.trailer))
    for where, owner, ref in roots:
        seen_refs: set[int] = set()
        obj = ref
        while isinstance(obj, IndirectObject):  # an object that is only a reference to another: follow, bounded
            if obj.idnum in seen_refs:
                raise HostileStructure(f"reference loop at {where}")
            seen_refs.add(obj.idnum)
            obj = reader.get_object(obj)
        stack = [(obj, 0, None)]
        while stack:
            item, depth, key = stack.pop()
            work += 1
            if work % 1000 == 0 and time.monotonic() > deadline:
                raise HostileStructure("time budget")
            if work > 20 * MAX_OBJECTS:
                raise HostileStructure("too many values")
            if depth > MAX_DEPTH:
                raise HostileStructure(f"nesting deeper than {MAX_DEPTH} in {where}")
            if isinstance(item, IndirectObject):
                if key in TREE_KEYS and owner is not None:
                    edges.setdefault(owner, set()).add(item.idnum)
            elif isinstance(item, DictionaryObject):
                _check_dictionary(item, where)
                stack.extend((value, depth + 1, k) for k, value in item.items())
            elif isinstance(item, ArrayObject):
                stack.extend((value, depth + 1, key) for value in item)
    if (looped := _find_cycle(edges)) is not None:
        raise HostileStructure(f"loop through object {looped}")
    if time.monotonic() > deadline:
        raise HostileStructure("time budget")
