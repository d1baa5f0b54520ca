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
round for ever; more than ``MAX_OBJECTS`` objects (cross-reference streams included, so pypdf never builds a
larger table); an object stream of more than ``MAX_OBJECTS_PER_STREAM`` objects, or object streams that
decompress to more than ``MAX_OBJECT_STREAM_BYTES`` together; nesting deeper than ``MAX_DEPTH``; or more time
than ``TIME_BUDGET`` seconds. Memory is bounded by the upload size limit (at most 20 MB read), those limits,
pypdf's per-stream decompression limit (lowered here to ``MAX_DECOMPRESSED``) and by dropping each object from
pypdf's cache once checked. Page contents and images are never decompressed.

Figures (``benchmarks/upload_check.py``, 2026-12-02, 2 cores shared with other work, load average 1.7–3.0; the
process with Django loaded and a one-page file peaks at 121 MB): 99,000 small objects in 10.7 MB, refused at the
time budget after 5.1 s, peak 200 MB; 99,000 objects in full object streams (0.9 MB), refused at 5.2 s, 197 MB;
300 object streams of 24 MB of spaces each (7 MB), refused in 0.3 s, 224 MB; 150,000 objects, refused in 0.8 s;
arrays nested 100,000 deep, refused in 0.07 s. A 30-page reportlab file is checked in about 0.15 s.
"""

from __future__ import annotations

import time

MAX_OBJECTS = 100_000
MAX_DEPTH = 64
TIME_BUDGET = 5.0
MAX_DECOMPRESSED = 25 * 1024 * 1024
MAX_OBJECT_STREAM_BYTES = 50 * 1024 * 1024
# pypdf parses every object of an object stream in one go when the first is asked for: the unit of work (and of
# memory) that cannot be interrupted. Writers put about 100 to 200 objects in one (qpdf, Acrobat).
MAX_OBJECTS_PER_STREAM = 5_000

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
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    deadline = (started if started is not None else time.monotonic()) + TIME_BUDGET
    ids = {(idnum, gen) for gen, table in reader.xref.items() for idnum in table}
    ids |= {(idnum, 0) for idnum in reader.xref_objStm}
    if len(ids) > MAX_OBJECTS:
        raise HostileStructure(f"{len(ids)} objects")
    # Object streams first: pypdf keeps each one decompressed once read, so their total is what bounds memory.
    decompressed = 0
    object_streams = {stream for stream, _ in reader.xref_objStm.values()}
    for number in sorted(object_streams):
        stream = reader.get_object(number)
        if not isinstance(stream, StreamObject):
            raise HostileStructure(f"object stream {number} is not a stream")
        count = _value(stream, "/N")
        if not isinstance(count, int) or count > MAX_OBJECTS_PER_STREAM:
            raise HostileStructure(f"object stream {number} holds {count} objects")
        decompressed += len(stream.get_data())
        if decompressed > MAX_OBJECT_STREAM_BYTES or time.monotonic() > deadline:
            raise HostileStructure(f"object streams decompress to more than {decompressed} bytes")
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
        if owner is not None and owner not in object_streams:  # checked once: pypdf need not keep it in memory
            reader.resolved_objects.pop((ref.generation, owner), None)
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
