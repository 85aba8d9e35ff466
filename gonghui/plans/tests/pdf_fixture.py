"""PDF files for the tests: pages of Chinese lines in a standard font (STSong-Light, not embedded)."""


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold the given lines in a standard Chinese font (STSong-Light, not embedded)."""
    objects = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [ << /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >> ] >>"
    )
    pages_id = len(objects) + 1 + 2 * len(pages)  # after the page and content objects
    kids = []
    for lines in pages:
        ops = [b"BT /F1 12 Tf 14 TL 40 800 Td"]
        for line in lines:
            ops.append(b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    assert (
        add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
        == pages_id
    )
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


def wrapped_pages(
    texts: list[str], *, pages: int, width: int = 38, lines_per_page: int = 40
) -> list[list[str]]:
    """The texts laid out as a word processor prints them on A4: each paragraph cut every `width`
    characters (a full line of 12 pt Chinese), `lines_per_page` lines and a `- N -` page number on
    each page, the texts repeated until `pages` pages are full."""
    lines = []
    while len(lines) < pages * lines_per_page:
        for text in texts:
            for paragraph in text.splitlines():
                lines += [paragraph[i : i + width] for i in range(0, len(paragraph), width)] or [""]
    return [[*lines[n * lines_per_page : (n + 1) * lines_per_page], f"- {n + 1} -"] for n in range(pages)]
