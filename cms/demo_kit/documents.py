"""Small text PDFs for demo documents, written without a PDF library.

The demo must load on a bare machine with the runtime's packages alone; a one-page PDF of
text lines is a few hundred bytes of PDF syntax. Text is real text (selectable, read by
screen readers), in Helvetica with the Windows-1252 encoding that covers French.
"""

from __future__ import annotations


def _escape(line: str) -> bytes:
    encoded = line.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_pdf(title: str, lines: list[str], language: str = "en") -> bytes:
    """A one-page A4 PDF: ``title`` in bold, then ``lines``, with its title and language
    in the document's metadata (what screen readers announce)."""
    stream = b"BT /F2 16 Tf 56 780 Td (" + _escape(title) + b") Tj ET\n"
    y = 750
    for line in lines:
        stream += b"BT /F1 11 Tf 56 %d Td (" % y + _escape(line) + b") Tj ET\n"
        y -= 18
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (" + language.encode() + b") >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title (" + _escape(title) + b") >>",
    ]
    output = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (
        len(objects) + 1,
        len(objects),
    )
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return output
