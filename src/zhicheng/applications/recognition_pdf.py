"""The 考核认定表 (recognition form) drawn with reportlab instead of WeasyPrint.

Why reportlab for this one document: the recognition form is the PDF rendered most often (every recognised
applicant, their unit, its department and the bureau download it; a batch prints hundreds) and the target is
20 forms per CPU-second on one core. With WeasyPrint it took about 115 ms of CPU per form (HTML/CSS layout
~70 ms + ``write_pdf`` ~47 ms, measured with ``benchmarks/documents.py``), about 8 forms/s, and no tuning of
the template brought WeasyPrint near 50 ms. Drawn with reportlab's platypus layout the same form takes about
29 ms including the database queries: 35 forms per CPU-second (``.venv/bin/python benchmarks/documents.py
--count 200 --forms 60``, line "recognition forms (cold, each rendered)"; ``reportlab[accel]``, the C helpers,
saves about 15 % of that). The other documents (公示表, 推荐报告, batch results, certificates) are rendered far
less often and stay on WeasyPrint with their HTML templates (``documents/pdf.py``, ``templates/documents/pdf/``),
which are easier to change.

What stays the same as the former HTML template: A4, double-sided margins (24 mm on the binding side, alternating
per page), "编号：…" at the top right and "第 X 页，共 Y 页" at the bottom of every page, the QR code linking to
the verification page, sections 一 to 十一 with the same labels, and the shipped Noto Sans SC font (the full TTF
files, embedded as subsets; no other font appears in the PDF).

``form_content`` turns ``recognition.recognition_context`` into the plain strings the form shows; those strings
are both what is drawn and what the cache key is computed from, so a change in the data gives a new PDF.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from reportlab.lib.colors import HexColor, black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    ImageAndFlowables,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.paragraph import textTransformFrags
from reportlab.rl_config import _FUZZ

from zhicheng.documents.pdf import FONT_DIR

# Bump when the drawing changes, so cached PDFs of the old look are not served.
LAYOUT_VERSION = "rl-2"

REGULAR = "NotoSansSC"
BOLD = "NotoSansSC-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A4
BINDING, OUTER, TOP, BOTTOM = 24 * mm, 14 * mm, 18 * mm, 18 * mm
FRAME_WIDTH = PAGE_WIDTH - BINDING - OUTER
PAGE_LABEL_COLOR = HexColor("#333333")
MUTED_COLOR = HexColor("#444444")
HEADER_SHADE = HexColor("#f0f0f0")
KEY_SHADE = HexColor("#f7f7f7")
SEAL_RED = HexColor("#c8161d")
RULE = 0.6  # pt, table and box lines
CELL_PAD_X, CELL_PAD_Y = 1.5 * mm, 1.2 * mm
BOX_PAD = 2 * mm
P_GAP = 1.5 * mm  # space under a paragraph
IDEOGRAPHIC_SPACE = "&nbsp;" * 4  # U+3000 is 1 em, a no-break space in Noto Sans SC 0.224 em

# One rendering at a time per process (reportlab keeps per-document font state in the shared font objects).
_lock = threading.Lock()


@cache
def register_fonts() -> None:
    """Load the shipped TTF files once per process (about 80 ms of CPU each: reportlab parses the cmap and metrics
    of 65,000 glyphs); reportlab embeds only the used glyphs. Server processes do it when they start
    (``zhicheng.ops.warmup``), so no download waits for it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(_tables_kept(TTFont(REGULAR, str(FONT_DIR / "NotoSansSC-Regular.ttf"))))
    pdfmetrics.registerFont(_tables_kept(TTFont(BOLD, str(FONT_DIR / "NotoSansSC-Bold.ttf"))))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    _cache_char_widths()


def _cache_char_widths() -> None:
    """reportlab's CJK line breaking measures a paragraph one character at a time (``textsplit.getCharWidths``,
    ``paragraph.cjkU``): some 3,000 ``stringWidth`` calls per form, each through the font registry and the font's
    own method. The width of one character in one font at one size never changes, so those calls are answered
    from a dictionary; longer strings are measured as before."""
    from reportlab.lib import textsplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import paragraph

    measure = pdfmetrics.stringWidth
    widths: dict[tuple[str, str, float], float] = {}

    def string_width(text, font_name, font_size, encoding="utf8"):
        if len(text) != 1:
            return measure(text, font_name, font_size, encoding)
        key = (text, font_name, font_size)
        width = widths.get(key)
        if width is None:
            width = widths[key] = measure(text, font_name, font_size, encoding)
        return width

    def char_widths(word, font_name, font_size):  # textsplit.getCharWidths, every width looked up once
        table = widths_by_font.get((font_name, font_size))
        if table is None:
            table = widths_by_font[font_name, font_size] = {}
        missing = [ch for ch in word if ch not in table]
        for ch in missing:
            table[ch] = measure(ch, font_name, font_size)
        return [table[ch] for ch in word]

    widths_by_font: dict[tuple[str, float], dict[str, float]] = {}
    paragraph.stringWidth = string_width
    textsplit.getCharWidths = char_widths
    _format_number_arrays_directly()
    _compress_faster()


ZLIB_LEVEL = 1


def _compress_faster() -> None:
    """reportlab compresses every stream (the font subsets, their ToUnicode maps, the pages) with zlib's default
    level 6. Level 1 is valid Flate all the same and took about half the time (3.5 -> 1.9 ms of zlib per form);
    a form grows by about 5 % (91 -> 96 KB)."""
    import zlib

    from reportlab.lib.utils import isUnicode
    from reportlab.pdfbase import pdfdoc

    def encode(text):  # PDFStreamFilterZCompress.encode at level ZLIB_LEVEL
        return zlib.compress(text.encode("utf8") if isUnicode(text) else text, ZLIB_LEVEL)

    pdfdoc.PDFZCompress.encode = encode


def _format_number_arrays_directly() -> None:
    """Writing a form's PDF formats the three font subsets' width arrays, some 900 numbers, each through
    ``pdfdoc.format`` (type checks, then ``fp_str`` and the ``extpdfdoc`` codec). A number's text is ASCII, which
    that codec leaves as it is, so numbers are encoded directly; everything else goes through ``format`` as before
    and the arrays are joined exactly as reportlab joins them."""
    from reportlab import rl_config
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase import pdfdoc

    pdf_format, numbers = pdfdoc.format, (int, float)

    def format_array(self, document, IND=b"\n "):  # noqa: N803 (reportlab's name)
        parts = [fp_str(e).encode("ascii") if type(e) in numbers else pdf_format(e, document) for e in self.sequence]
        if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
            return b"[ " + IND.join(parts) + b" ]"
        for i in reversed(range(10, len(parts), 10)):  # reportlab breaks long arrays every 10 elements
            parts.insert(i, b"\n ")
        return b"[ " + b" ".join(parts) + b" ]"

    pdfdoc.PDFArray.format = format_array


def _tables_kept(font):
    """The font with its TrueType tables sliced out of the file once per process. reportlab's ``makeSubset``, run
    for every subset of every form (three per form), asks for the whole ``glyf`` table to copy a few hundred glyphs
    out of it: 10 MB of Noto Sans SC copied each time. The slices are immutable bytes, so one copy serves all."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    face, tables = font.face, {}

    def get_table(tag):
        if tag not in tables:
            tables[tag] = TTFontFile.get_table(face, tag)
        return tables[tag]

    face.get_table = get_table
    face.makeSubset = _subset_maker(face)
    return font


def _subset_maker(face):
    """reportlab's ``TTFontFile.makeSubset`` for ``face``, the same bytes with less work per glyph: reportlab reads
    each glyph's header through the file object (seek and struct calls) to find the parts of composite glyphs,
    then slices and parses each glyph again to renumber those parts. A glyph's bytes and where its parts' numbers
    sit in them never change, so they are found once per glyph per process (``glyph``); a subset then copies them,
    renumbering only the parts of composite glyphs. The tables around the glyphs are made as reportlab makes them."""
    from struct import pack, pack_into, unpack_from

    from reportlab.pdfbase.ttfonts import (
        GF_ARG_1_AND_2_ARE_WORDS,
        GF_MORE_COMPONENTS,
        GF_WE_HAVE_A_SCALE,
        GF_WE_HAVE_A_TWO_BY_TWO,
        GF_WE_HAVE_AN_X_AND_Y_SCALE,
        TTFontMaker,
        _set_ushort,
    )

    glyphs: dict[int, tuple[bytes, tuple[int, ...], tuple[int, ...]]] = {}

    def glyph(index: int):
        """(the glyph's bytes, the offsets of its parts' glyph numbers in them, those numbers)."""
        found = glyphs.get(index)
        if found is None:
            start, end = face.glyphPos[index], face.glyphPos[index + 1]
            data = face.get_table("glyf")[start:end]
            places, parts = [], []
            if len(data) > 2 and unpack_from(">h", data)[0] < 0:  # a composite glyph (as reportlab tells)
                at, flags = 10, GF_MORE_COMPONENTS
                while flags & GF_MORE_COMPONENTS:
                    flags, part = unpack_from(">HH", data, at)
                    places.append(at + 2)
                    parts.append(part)
                    at += 8 if flags & GF_ARG_1_AND_2_ARE_WORDS else 6
                    if flags & GF_WE_HAVE_A_SCALE:
                        at += 2
                    elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
                        at += 4
                    elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
                        at += 8
            found = glyphs[index] = (data, tuple(places), tuple(parts))
        return found

    def make_subset(subset):  # reportlab's makeSubset, step by step (its variable names)
        output = TTFontMaker()
        glyph_map, glyph_set, code_to_glyph = [0], {0: 0}, {}  # new -> old glyph, old -> new, code -> new
        char_to_glyph = face.charToGlyph
        for code in subset:
            original = char_to_glyph.get(code, 0)
            if original not in glyph_set:
                glyph_set[original] = len(glyph_map)
                glyph_map.append(original)
            code_to_glyph[code] = glyph_set[original]
        n = 0
        while n < len(glyph_map):  # the parts of composite glyphs, and their parts
            for part in glyph(glyph_map[n])[2]:
                if part not in glyph_set:
                    glyph_set[part] = len(glyph_map)
                    glyph_map.append(part)
            n += 1

        for tag in ("name", "OS/2", "cvt ", "fpgm", "prep"):
            try:
                output.add(tag, face.get_table(tag))
            except KeyError:
                pass
        output.add("post", b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16)
        num_glyphs = len(glyph_map)
        hmetrics, hmtx = face.hmetrics, []
        for original in glyph_map:
            aw, lsb = hmetrics[original]
            hmtx += (int(aw), int(lsb))
        n = len(hmtx) - 2
        while n and hmtx[n] == hmtx[n - 2]:
            n -= 2
        n += 2
        hmtx = hmtx[:n] + hmtx[n + 1::2]
        output.add("hmtx", pack(f">{len(hmtx)}H", *hmtx))
        output.add("hhea", _set_ushort(face.get_table("hhea"), 34, n >> 1))
        output.add("maxp", _set_ushort(face.get_table("maxp"), 4, num_glyphs))
        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset), *map(code_to_glyph.get, subset)]
        output.add("cmap", pack(f">{len(cmap)}H", *cmap))

        offsets, glyf, pos = [], [], 0
        for original in glyph_map:
            offsets.append(pos)
            data, places, parts = glyph(original)
            if places:
                data = bytearray(data)
                for place, part in zip(places, parts, strict=True):
                    pack_into(">H", data, place, glyph_set[part])
                data = bytes(data)
            glyf.append(data)
            pos += len(data)
            if pos % 4:
                glyf.append(b"\0" * (4 - pos % 4))
                pos += 4 - pos % 4
        offsets.append(pos)
        output.add("glyf", b"".join(glyf))
        if (pos + 1) >> 1 > 0xFFFF:
            index_to_loc_format, loca = 1, pack(f">{len(offsets)}L", *offsets)
        else:
            index_to_loc_format, loca = 0, pack(f">{len(offsets)}H", *(offset >> 1 for offset in offsets))
        output.add("loca", loca)
        output.add("head", _set_ushort(face.get_table("head"), 50, index_to_loc_format))
        return output.makeStream()

    return make_subset


# Characters the shipped Noto Sans SC lacks (CJK Extension B and later, in some people's names) are drawn with
# BabelStone Han when the system has it (Debian's fonts-babelstone-han, installed by
# scripts/install-system-deps.sh): 14,000+ Extension B characters, under the Arphic Public License. Without it
# they show as an empty box, as they would in any PDF made with Noto alone.
FALLBACK = "HanFallback"
FALLBACK_FONT_FILES = (Path("/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"),)


def _patch_to_unicode_cmap() -> None:
    """reportlab (4.x/5.x) writes a character beyond U+FFFF into a font's ToUnicode map as five hex digits
    (<20BB7>), which PDF readers reject, so an Extension B name could not be searched or copied; the PDF
    specification wants UTF-16BE (<D842DFB7>). Rewrite just those entries of reportlab's own map."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "zhicheng_utf16", False):
        return

    def make_to_unicode_cmap(fontname, subset):
        cmap = original(fontname, subset)
        for code, value in enumerate(subset):
            if value > 0xFFFF:
                cmap = cmap.replace(f"<{code:02X}> <{value:04X}>",
                                    f"<{code:02X}> <{chr(value).encode('utf-16-be').hex().upper()}>")
        return cmap

    make_to_unicode_cmap.zhicheng_utf16 = True
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


@cache
def _shipped_chars() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


@cache
def _fallback_chars() -> frozenset[int]:
    """Loaded on the first character the shipped font lacks (about 0.1 s), never for ordinary forms."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = next((path for path in FALLBACK_FONT_FILES if path.is_file()), None)
    if path is None:
        return frozenset()
    _patch_to_unicode_cmap()
    font = TTFont(FALLBACK, str(path))
    pdfmetrics.registerFont(_tables_kept(font))
    pdfmetrics.registerFontFamily(FALLBACK, normal=FALLBACK, bold=FALLBACK, italic=FALLBACK, boldItalic=FALLBACK)
    return frozenset(font.face.charToGlyph) - _shipped_chars()


def _with_fallback(markup: str) -> str:
    """Wrap each run of characters the shipped font lacks, and the fallback font has, in <font name=...>."""
    if markup.isascii():
        return markup
    shipped = _shipped_chars()
    if shipped.issuperset(map(ord, markup)):
        return markup
    fallback = _fallback_chars()
    out, run = [], []
    for ch in markup:
        if ord(ch) in fallback:
            run.append(ch)
            continue
        if run:
            out.append(f'<font name="{FALLBACK}">{"".join(run)}</font>')
            run = []
        out.append(ch)
    if run:
        out.append(f'<font name="{FALLBACK}">{"".join(run)}</font>')
    return "".join(out)


def _style(name: str, *, size: float = 10, bold: bool = False, **kwargs) -> ParagraphStyle:
    kwargs.setdefault("spaceAfter", P_GAP)
    kwargs.setdefault("textColor", black)
    return ParagraphStyle(name, fontName=BOLD if bold else REGULAR, fontSize=size, leading=size * 1.45,
                          wordWrap="CJK", **kwargs)


BODY = _style("body")
RIGHT = _style("right", alignment=TA_RIGHT)
JUSTIFIED = _style("justified", alignment=TA_JUSTIFY, spaceAfter=0)
SUB = _style("sub", size=9, alignment=TA_CENTER, spaceAfter=3 * mm)
MUTED = _style("muted", size=8.5, textColor=MUTED_COLOR)
H2 = _style("h2", size=11, bold=True, spaceBefore=4 * mm)
CELL = _style("cell", spaceAfter=0)
CELL_BOLD = _style("cell_bold", bold=True, spaceAfter=0)
DT = _style("dt", bold=True, spaceAfter=0)
TH_CENTER = _style("th_center", bold=True, alignment=TA_CENTER, spaceAfter=0)
_SHARED_STYLES = frozenset((BODY, RIGHT, JUSTIFIED, SUB, MUTED, H2, CELL, CELL_BOLD, DT, TH_CENTER))


class _Para(Paragraph):
    """A Paragraph that breaks its lines once per width. A table measures every cell to size its rows and again to
    place it when drawing (``Table._listCellGeom``), so each paragraph of the form was broken into lines twice with
    the same width; the line breaking (reportlab's CJK wrap) depends on the width alone."""

    _wrapped = None  # (width, the lines broken at it)

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N803
        if frags is None and not bulletText and style in _SHARED_STYLES:
            text, style, frags = _parsed(text, style)
            frags = [frag.clone() for frag in frags]  # each paragraph its own fragments, as reportlab makes them
            cleaner = None
        super()._setup(text, style, bulletText, frags, cleaner)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        # The lines are reused only while they are still this paragraph's (a split replaces or removes them).
        if self._wrapped is not None and self._wrapped[0] == availWidth \
                and self.__dict__.get("blPara") is self._wrapped[1]:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.blPara) if availWidth >= _FUZZ else None
        return size


@lru_cache(maxsize=1024)
def _parsed(markup: str, style: ParagraphStyle) -> tuple[str, ParagraphStyle, list]:
    """reportlab's parsing of a paragraph's markup (html.parser and its fragment building, about a seventh of the
    drawing), kept for the labels and headings every form repeats: (cleaned text, style, fragments)."""
    from reportlab.platypus.paragraph import cleanBlockQuotedText
    from reportlab.platypus.paraparser import ParaParser

    text = cleanBlockQuotedText(markup)
    parser = ParaParser()
    parser.caseSensitive = 1
    style, frags, _bullet = parser.parse(text, style)
    if frags is None:
        raise ValueError(f"xml parser error ({parser.errors[0]}) in paragraph beginning\n'{text[:30]}'")
    textTransformFrags(frags, style)
    return text, style, frags


def _markup(text: str) -> str:
    """Paragraph markup for plain text: escaped (names may contain & < >); ideographic spaces kept about as wide
    (Paragraph collapses U+3000 like any white space, a no-break space is not collapsed)."""
    return _with_fallback(escape(text or "")).replace("\u3000", IDEOGRAPHIC_SPACE)


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return _Para(_markup(text), style)


def _heading(title: str) -> list[Flowable]:
    """A section heading that does not stay alone at the foot of a page: it moves to the next page unless there is
    room for it and the start of what follows (a table's header and first row, a box's first lines). Unlike
    keepWithNext, a long table or box still starts on this page and breaks across pages."""
    return [CondPageBreak(30 * mm), _p(title, H2)]


# --- the data shown -----------------------------------------------------------------------------------------

SECTION_TITLES = (
    ("skills", "二、现有技能等级/职业资格情况"),
    ("education", "三、主要学习经历"),
    ("work_history", "四、主要工作经历"),
    ("insurance", "五、养老保险参保情况"),
    ("titles", "六、已取得职称"),
)


def _s(value) -> str:
    return "" if value is None else str(value)


def form_content(context: dict) -> dict:
    """Everything the form prints, as strings and lists of strings (JSON-serialisable, hashed for the cache)."""
    application = context["application"]
    applicant, unit, district = context["applicant"], context["unit"], context["district"]
    no_department = bool(context["no_department"])
    unit_review, department_review = context["unit_review"], context["department_review"]
    bureau_review = context["bureau_review"]
    basic = [
        ("姓名", _s(applicant.real_name), "性别", _s(context["sex"])),
        ("出生日期", _s(context["birth_date"]), "身份证号码", _s(applicant.id_number)),
        ("工作单位", _s(unit.name)),
        ("单位性质", _s(unit.get_kind_display()), "统一社会信用代码", _s(unit.uscc)),
        ("主管部门", "无主管部门" if no_department else _s(context["department_name"])),
        ("申报系列", _s(application.series), "申报专业", _s(application.specialty)),
        ("申报级别", _s(application.get_level_display()), "现从事岗位", _s(application.post) or "—"),
        ("聘用（入职）日期", _s(context["employment_start"]) or "—", "提交日期", _s(context["submitted_on"]) or "—"),
    ]
    if application.access_qualification:
        basic.append(("职业（执业）资格", _s(application.access_qualification)))
    return {
        "layout": LAYOUT_VERSION,
        "number": context["number"],
        "verify_url": context["verify_url"],
        "place": f"{_s(district.city)}{_s(district.name)} · {_s(application.batch.name)}",
        "bureau_name": _s(district.bureau_name),
        "basic": [list(row) for row in basic],
        "sections": [
            {"title": title, "headers": list(context[key]["headers"]),
             "rows": [[_s(cell) or "—" for cell in row] for row in context[key]["rows"]]}
            for key, title in SECTION_TITLES
        ],
        "achievements": _s(application.achievements),
        "unit_review": None if not unit_review else {
            "truthful": _s(unit_review.opinion_truthful), "evaluation": _s(unit_review.opinion_evaluation),
            "publicity": _s(unit_review.opinion_publicity), "date": _s(context["unit_review_date"])},
        "no_department": no_department,
        "department_review": None if not department_review else {
            "name": _s(context["department_name"]), "decision": _s(department_review.get_decision_display()),
            "comment": _s(department_review.comment), "date": _s(context["department_review_date"])},
        "recognition": {
            "name": _s(applicant.real_name), "series": _s(application.series), "specialty": _s(application.specialty),
            "level": _s(context["level_label"]), "comment": _s(bureau_review.comment) if bureau_review else "",
            "date": _s(context["recognised_on"])},
    }


def content_key(content: dict) -> str:
    data = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


# --- flowables ----------------------------------------------------------------------------------------------

class Title(Flowable):
    """The centred 16 pt bold title with 1 pt letter spacing (Paragraph has no letter spacing)."""

    size, tracking = 16, 1

    def __init__(self, text: str):
        super().__init__()
        self.text = text
        self.spaceAfter = 2 * mm

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.size * 1.45

    def draw(self):
        from reportlab.pdfbase.pdfmetrics import stringWidth

        width = stringWidth(self.text, BOLD, self.size) + self.tracking * len(self.text)
        text = self.canv.beginText((self.width - width) / 2 + self.tracking / 2, self.size * 0.42)
        text.setFont(BOLD, self.size)
        text.setCharSpace(self.tracking)
        text.textOut(self.text)
        self.canv.drawText(text)


QR_MASK = 1


class QRCode(Flowable):
    """The verification QR code as vector squares (error correction M, 2-module quiet zone), "扫码验证" below."""

    size = 24 * mm
    label_size = 7

    def __init__(self, url: str):
        super().__init__()
        # A fixed mask pattern (any of the eight is valid ISO/IEC 18004 and scans alike): letting segno score all eight
        # took about 15 ms of the 45 ms a signed certificate cost (py-spy, benchmarks/documents.py).
        qr = segno.make(url, error="m", micro=False, mask=QR_MASK)
        quiet = [False] * (len(qr.matrix) + 4)
        self.matrix = [quiet, quiet, *([False, False, *map(bool, row), False, False] for row in qr.matrix),
                       quiet, quiet]
        self.width = 26 * mm
        self.height = self.size + self.label_size * 1.45

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def _restrictSize(self, avail_width, avail_height):  # noqa: N802 (asked for by ImageAndFlowables)
        return self.width, self.height

    def draw(self):
        canv = self.canv
        module = self.size / len(self.matrix)
        x0, top = (self.width - self.size) / 2, self.height
        path = canv.beginPath()
        for r, row in enumerate(self.matrix):
            y = top - (r + 1) * module
            c = 0
            for dark, run in groupby(row):
                start, c = c, c + len(list(run))
                if dark:
                    path.rect(x0 + start * module, y, (c - start) * module, module)
        canv.saveState()
        canv.setFillColor(black)
        canv.drawPath(path, stroke=0, fill=1)
        canv.setFont(REGULAR, self.label_size)
        canv.drawCentredString(self.width / 2, self.label_size * 0.35, "扫码验证")
        canv.restoreState()


class StampCell(Flowable):
    """A seal column: 22 mm blank (in the department's column it may say 无主管部门 at the top), then the signature
    and date lines on the right. Drawn directly so the ideographic spaces of "年　　月　　日" keep their width
    (Paragraph collapses them like ASCII spaces)."""

    blank, size, gap = 22 * mm, 10, 1 * mm

    def __init__(self, signer: str, note: str = "", field: str | None = None):
        super().__init__()
        self.lines = (f"{signer}：＿＿＿＿", "年　　月　　日")
        self.note = note
        self.field = field  # the name of the empty signature field drawn over the blank seal place, if any

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = self.blank + len(self.lines) * (self.size * 1.45 + self.gap)
        return self.width, self.height

    def draw(self):
        canv, line = self.canv, self.size * 1.45
        canv.setFont(REGULAR, self.size)
        baseline = self.size * 1.1  # from the top of a line box to the baseline
        if self.note:
            canv.drawCentredString(self.width / 2, self.height - baseline, self.note)
        top = self.height - self.blank
        if self.field:
            x0, y0 = canv.absolutePosition(0, top)
            x1, y1 = canv.absolutePosition(self.width, self.height - (self.size * 1.1 if self.note else 0))
            middle, half = (x0 + x1) / 2, min(x1 - x0, y1 - y0) / 2
            _signature_field(canv, self.field, (middle - half, y0, middle + half, y0 + 2 * half))
        for text in self.lines:
            canv.drawRightString(self.width, top - baseline, text)
            top -= line + self.gap


def _signature_field(canv, name: str, box: tuple[float, float, float, float]) -> None:
    """An empty signature field on the current page, written by reportlab with the form: the same objects as
    pyHanko's ``append_signature_field`` makes (``fields.SigFieldSpec(name, on_page=..., box=box)``), which
    ``signing.pdf.sign_pdf`` later fills. Written afterwards by pyHanko, as an incremental update of the drawn PDF,
    they cost about a seventh of the drawing (it parsed the PDF again and walked its page tree for each field).
    The field is its own widget annotation (/FT /Sig, /T the name, /F 132: locked and printed, /Rect the box,
    /P the page), its appearance an empty form XObject of the box's size; the catalog's /AcroForm lists the fields
    with /SigFlags 1 (signatures exist; pyHanko sets append-only, 3, when it signs)."""
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDictionary,
        PDFName,
        PDFObjectReference,
        PDFStream,
        PDFString,
    )

    doc = canv._doc
    llx, lly, urx, ury = (round(v, 4) for v in box)  # pyHanko's rounding (pdf_utils.misc.rd)
    width, height = int(abs(urx - llx)), int(abs(ury - lly))  # pyHanko's box of the empty appearance: whole points
    appearance = PDFStream(PDFDictionary({
        "BBox": PDFArray([0.0, height, width, 0.0]), "Resources": PDFDictionary({}),
        "Type": PDFName("XObject"), "Subtype": PDFName("Form")}), content=b"")
    widget = PDFDictionary({
        "FT": PDFName("Sig"), "T": PDFString(name), "Type": PDFName("Annot"), "Subtype": PDFName("Widget"),
        "F": 132, "Rect": PDFArray([llx, lly, urx, ury]),
        "P": PDFObjectReference(f"Page{canv.getPageNumber()}"),  # reportlab's name of the page being drawn
        "AP": PDFDictionary({"N": doc.Reference(appearance)})})
    canv._addAnnotation(widget, name=f"Sig.{name}")
    catalog = doc._catalog
    form = getattr(catalog, "AcroForm", None)
    if form is None:
        form = catalog.AcroForm = PDFDictionary({"Fields": PDFArray([]), "SigFlags": 1})
    form.dict["Fields"].sequence.append(doc.refAnnotation(f"Sig.{name}"))


def _grid(data, col_widths, styles=(), *, repeat_rows=0) -> Table:
    table = Table(data, colWidths=col_widths, repeatRows=repeat_rows, splitInRow=1, hAlign="LEFT", spaceAfter=2 * mm)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), RULE, black),
        ("FONT", (0, 0), (-1, -1), REGULAR, 10),  # reportlab sets the cell font even for paragraphs (default Helvetica)
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        *styles,
    ]))
    return table


def _box(parts: list[tuple[Flowable, float]]) -> Table:
    """A bordered box (padding 2 mm) around paragraphs, one row each so a long box can break across pages.
    Each part is (flowable, space below it)."""
    table = Table([[f] for f, _gap in parts], colWidths=[FRAME_WIDTH], splitInRow=1, hAlign="LEFT",
                  spaceAfter=2 * mm)
    last = len(parts) - 1
    commands = [
        ("BOX", (0, 0), (-1, -1), RULE, black),
        ("FONT", (0, 0), (-1, -1), REGULAR, 10),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), BOX_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), BOX_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (0, 0), BOX_PAD),
    ]
    for i, (_f, gap) in enumerate(parts):
        commands.append(("BOTTOMPADDING", (0, i), (0, i), gap + (BOX_PAD if i == last else 0)))
    table.setStyle(TableStyle(commands))
    return table


def _plain_box(text: str) -> Table:
    return _box([(_p(text), P_GAP)])


def _basic_table(rows) -> Table:
    key, value = FRAME_WIDTH * 0.22, FRAME_WIDTH * 0.28
    data, styles = [], [("BACKGROUND", (0, 0), (0, -1), KEY_SHADE)]
    for r, row in enumerate(rows):
        if len(row) == 2:
            data.append([_p(row[0], CELL_BOLD), _p(row[1], CELL), "", ""])
            styles.append(("SPAN", (1, r), (3, r)))
        else:
            data.append([_p(row[0], CELL_BOLD), _p(row[1], CELL), _p(row[2], CELL_BOLD), _p(row[3], CELL)])
            styles.append(("BACKGROUND", (2, r), (2, r), KEY_SHADE))
    return _grid(data, [key, value, key, value], styles)


def _section_table(section: dict) -> list[Flowable]:
    heading = _heading(section["title"])
    if not section["rows"]:
        return [*heading, _plain_box("无")]
    headers = section["headers"]
    data = [[_p(h, CELL_BOLD) for h in headers]] + [[_p(cell, CELL) for cell in row] for row in section["rows"]]
    width = FRAME_WIDTH / len(headers)
    return [*heading, _grid(data, [width] * len(headers), [("BACKGROUND", (0, 0), (-1, 0), HEADER_SHADE)],
                           repeat_rows=1)]


_SPACE_RUN = re.compile(" {2,}")


def _achievements(text: str) -> Table:
    """White space as typed (pre-wrap): every line its own paragraph, justified; the indentation at the start of a
    line (often "　　") becomes an exact first-line indent, runs of spaces inside a line are kept."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    parts = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        body = line.lstrip(" \t\u3000")
        indent = stringWidth(line[:len(line) - len(body)].replace("\t", "    "), REGULAR, JUSTIFIED.fontSize)
        style = ParagraphStyle("achievements", parent=JUSTIFIED, firstLineIndent=indent) if indent else JUSTIFIED
        markup = _SPACE_RUN.sub(lambda m: " " + "&nbsp;" * (len(m[0]) - 1), _markup(body))
        parts.append((_Para(markup or "&nbsp;", style), 0))
    return _box(parts)


def _story(content: dict, signature_fields: Sequence[str | None] = ()) -> list[Flowable]:
    story: list[Flowable] = []
    head = [
        Title("专业技术人员初级职称考核认定表"),
        _Para(f"{_markup(content['place'])}<br/>表格编号：{_markup(content['number'])}", SUB),
        _p("本表由初级职称考核认定平台根据网络申报数据生成，A4 纸双面打印一式两份，经用人单位及主管部门（无主管部门的除外）"
           f"签字盖章后由单位经办人统一报送{content['bureau_name']}盖章。验证：{content['verify_url']}", MUTED),
    ]
    story.append(ImageAndFlowables(QRCode(content["verify_url"]), head, imageLeftPadding=3 * mm,
                                   imageRightPadding=0, imageBottomPadding=1.5 * mm))

    story += [*_heading("一、基本情况"), _basic_table(content["basic"])]
    for section in content["sections"]:
        story += _section_table(section)
    story += [*_heading("七、主要工作业绩"), _achievements(content["achievements"])]

    review = content["unit_review"]
    if review:
        parts = []
        for label, text in (("1. 申请人填写内容是否属实", review["truthful"]),
                            ("2. 对申请人学历、资历、工作情况和业绩的评价", review["evaluation"]),
                            ("3. 公示方式及结果", review["publicity"])):
            parts += [(_p(label, DT), 0), (_p(text, BODY), P_GAP)]
        parts.append((_p(f"审核日期：{review['date']}", RIGHT), P_GAP))
        box = _box(parts)
    else:
        box = _plain_box("（无单位审核记录）")
    # 八 to 十一 are kept whole on one page where they fit (break-inside: avoid in the former template).
    story.append(KeepTogether([_p("八、用人单位考核意见", H2), box]))

    department = content["department_review"]
    if content["no_department"]:
        box = _plain_box("无主管部门（非公经济组织等无行业主管部门的单位，此环节不适用）。")
    elif department:
        box = _box([(_p(f"{department['name']}：{department['decision']}。{department['comment']}"), P_GAP),
                    (_p(f"复核日期：{department['date']}", RIGHT), P_GAP)])
    else:
        box = _plain_box("（无复核记录）")
    story.append(KeepTogether([_p("九、主管部门复核意见", H2), box]))

    rec = {k: _markup(v) for k, v in content["recognition"].items()}
    decision = (f"经审核，同意认定 <b>{rec['name']}</b> 同志具备 <b>{rec['series']}</b> 系列（{rec['specialty']}专业）"
                f"<b>{rec['level']}</b> 职称。{rec['comment']}")
    story.append(KeepTogether([_p("十、人社局认定结果", H2),
                               _box([(_Para(decision, BODY), P_GAP),
                                     (_p(f"认定批准日期：{rec['date']}", RIGHT), P_GAP)])]))

    unit_field, department_field, bureau_field = signature_fields or (None, None, None)
    stamp_cells = [StampCell("负责人签字", field=unit_field),
                   StampCell("负责人签字", "无主管部门" if content["no_department"] else "", field=department_field),
                   StampCell("经办人签字", field=bureau_field)]
    stamps = _grid([[_p(t, TH_CENTER) for t in ("用人单位（盖章）", "主管部门（盖章）", "区人社局（盖章）")], stamp_cells],
                   [FRAME_WIDTH / 3] * 3, [("BACKGROUND", (0, 0), (-1, 0), HEADER_SHADE)])
    story.append(KeepTogether([
        _p("十一、签字盖章", H2), stamps,
        _p("申报人承诺：本表所填内容及所提交材料真实有效，如有虚假，愿承担相应责任。　　申报人签字：＿＿＿＿＿＿", MUTED),
    ]))
    return story


# --- pages --------------------------------------------------------------------------------------------------

def _left_margin(page: int) -> float:
    """Odd (right-hand) pages bind on the left, even (left-hand) pages on the right."""
    return BINDING if page % 2 else OUTER


class _PagedCanvas(Canvas):
    """Draws the page label and "第 X 页，共 Y 页" once the page count is known (pages are kept until save)."""

    def __init__(self, *args, page_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._page_label = page_label
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_margins(number, total)
            super().showPage()
        super().save()

    def _draw_margins(self, number: int, total: int) -> None:
        left = _left_margin(number)
        right = PAGE_WIDTH - (OUTER if number % 2 else BINDING)
        self.saveState()
        self.setFillColor(PAGE_LABEL_COLOR)
        self.setFont(REGULAR, 8)
        self.drawRightString(right, PAGE_HEIGHT - TOP / 2 - 3, self._page_label)
        self.setFont(REGULAR, 8.5)
        self.drawCentredString((left + right) / 2, BOTTOM / 2 - 3, f"第 {number} 页，共 {total} 页")
        self.restoreState()


def _document(buf, content: dict) -> BaseDocTemplate:
    def frame(page: int) -> Frame:
        return Frame(_left_margin(page), BOTTOM, FRAME_WIDTH, PAGE_HEIGHT - TOP - BOTTOM, leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0, id=f"body{page}")

    title = f"专业技术人员初级职称考核认定表 {content['number']}"
    # initialFontName: otherwise the canvas starts with Helvetica (not embedded); duplex: print double-sided.
    doc = BaseDocTemplate(buf, pagesize=A4, title=title, author="初级职称考核认定平台", subject=content["place"],
                          creator="初级职称考核认定平台", lang="zh-Hans",
                          displayDocTitle=1, duplex="DuplexFlipLongEdge", initialFontName=REGULAR,
                          initialFontSize=10, leftMargin=BINDING, rightMargin=OUTER, topMargin=TOP,
                          bottomMargin=BOTTOM)
    doc.addPageTemplates([PageTemplate("odd", [frame(1)], pagesize=A4, autoNextPageTemplate="even"),
                          PageTemplate("even", [frame(2)], pagesize=A4, autoNextPageTemplate="odd")])
    return doc


def draw_recognition_form(content: dict, signature_fields: Sequence[str | None] = ()) -> bytes:
    """The PDF for ``form_content(...)``. ``signature_fields``: the names of the empty signature fields at the
    unit's, the department's and the bureau's seal places, in that order (None: no field at that place), where
    electronic signatures go."""
    register_fonts()
    buf = io.BytesIO()
    label = f"编号：{content['number']}"
    with _lock:
        doc = _document(buf, content)
        doc.build(_story(content, signature_fields),
                  canvasmaker=lambda *a, **kw: _PagedCanvas(*a, page_label=label, **kw))
    return buf.getvalue()


def draw_seal(canvas, name: str, cx: float, cy: float, radius: float) -> None:
    """A round official seal: red ring, star, the organisation's name along the upper arc, 电子签章 below the star."""
    import math

    register_fonts()
    canvas.saveState()
    canvas.setStrokeColor(SEAL_RED)
    canvas.setFillColor(SEAL_RED)
    canvas.setLineWidth(radius / 11)
    canvas.circle(cx, cy, radius, stroke=1, fill=0)
    star = canvas.beginPath()
    for i in range(10):
        r = radius * (0.3 if i % 2 == 0 else 0.12)
        a = math.pi / 2 + i * math.pi / 5
        (star.moveTo if i == 0 else star.lineTo)(cx + r * math.cos(a), cy + r * math.sin(a))
    star.close()
    canvas.drawPath(star, stroke=0, fill=1)
    size = radius * (0.17 if len(name) <= 14 else 0.14)
    spread = min(math.radians(250), math.radians(17.5) * max(len(name) - 1, 1))
    for i, ch in enumerate(name):
        a = math.pi / 2 + spread / 2 - (spread * i / max(len(name) - 1, 1))
        r = radius - size - radius * 0.05
        canvas.saveState()
        canvas.translate(cx + r * math.cos(a), cy + r * math.sin(a))
        canvas.rotate(math.degrees(a) - 90)
        canvas.setFont(BOLD, size)
        canvas.drawCentredString(0, 0, ch)
        canvas.restoreState()
    canvas.setFont(BOLD, radius * 0.14)
    canvas.drawCentredString(cx, cy - radius * 0.55, "电子签章")
    canvas.restoreState()


@cache
def seal_pdf(name: str) -> bytes:
    """A one-page PDF of the seal alone (a signature box's appearance), drawn once per organisation per process."""
    register_fonts()  # the canvas's initial font: a process that has drawn no form yet (the department's worker)
    buf = io.BytesIO()
    size = 60 * mm
    with _lock:
        canvas = Canvas(buf, pagesize=(size, size), initialFontName=REGULAR)
        draw_seal(canvas, name, size / 2, size / 2, size / 2 - 1)
        canvas.showPage()
        canvas.save()
    return buf.getvalue()
