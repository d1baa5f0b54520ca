import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages).replace(" ", "")


def embedded_fonts(data: bytes) -> set[str]:
    """Base names of fonts whose program is embedded (FontFile2 = TrueType)."""
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                desc = desc.get_object()
                descriptor = desc.get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    names.add(str(desc["/BaseFont"]))
    return names


def fonts(data: bytes) -> dict[str, bool]:
    """Every font the pages use (base name) and whether its program is embedded (FontFile, FontFile2 or
    FontFile3); what ``pdffonts`` lists in its name and "emb" columns."""
    reader = PdfReader(io.BytesIO(data))
    found = {}
    for page in reader.pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                desc = desc.get_object()
                descriptor = desc.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                found[str(desc["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Width and height of every page in millimetres."""
    return [(round(float(p.mediabox.width) * 25.4 / 72, 1), round(float(p.mediabox.height) * 25.4 / 72, 1))
            for p in PdfReader(io.BytesIO(data)).pages]


def text_positions(data: bytes, page: int) -> list[tuple[str, float]]:
    """(text, x in mm from the left edge) of each piece of text drawn on a page (0-based)."""
    pieces = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            pieces.append((text.strip(), round((tm[4] * cm[0] + cm[4]) * 25.4 / 72, 1)))

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return pieces


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)
