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


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)
