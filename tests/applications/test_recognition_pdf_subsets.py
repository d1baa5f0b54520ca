"""The font subsets of the 考核认定表 are made by ``recognition_pdf``'s own ``makeSubset`` (faster per glyph); it
must give reportlab's bytes for every subset, composite glyphs (made of other glyphs) included: Noto Sans SC has
none, reportlab's own Vera has accented letters made of parts."""

import random

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

from zhicheng.applications.recognition_pdf import BOLD, REGULAR, _tables_kept, register_fonts


def _is_composite(face, glyph: int) -> bool:
    start, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
    return end - start > 2 and int.from_bytes(face.get_table("glyf")[start:start + 2], "big", signed=True) < 0


@pytest.mark.parametrize("font_name", [REGULAR, BOLD, "Vera"])
def test_subsets_are_reportlabs_bytes(font_name):
    register_fonts()
    face = (_tables_kept(TTFont("VeraSubsetTest", "Vera.ttf")) if font_name == "Vera"
            else pdfmetrics.getFont(font_name)).face
    codes = sorted(face.charToGlyph)
    composite = [code for code in codes if _is_composite(face, face.charToGlyph[code])]
    assert bool(composite) == (font_name == "Vera")
    rng = random.Random(15)
    subsets = [
        [ord(ch) for ch in "专业技术人员初级职称考核认定表，编号：530103-2024-3-000001 （盖章）"],
        composite[:200],
        [0x20BB7, *rng.sample(codes, 120)],  # a code the font lacks maps to glyph 0
        rng.sample(codes, 40) + composite[-40:],
    ]
    for subset in subsets:
        assert face.makeSubset(subset) == TTFontFile.makeSubset(face, subset)
