"""Writing Word documents (.docx) in the layout of an office document (GB/T 9704-2012, simplified): A4, margins
37 / 35 / 28 / 26 mm, 方正小标宋 title and 仿宋_GB2312 body with common fallbacks, tables as real Word tables.

Every piece of text goes through `safe_text` (the one writer): the control characters XML cannot hold are
dropped, so text pasted from anywhere never breaks a document. Helpers are pure: they take a `Document` and
data, and `document_bytes` gives the file.
"""
import re
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
FALLBACK = "Noto Serif CJK SC"  # shown where the office fonts are not installed (Linux, LibreOffice)
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10.5)  # 五号
RED = RGBColor(0xC0, 0x00, 0x00)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def safe_text(value: Any) -> str:
    """Any value as text a .docx can hold: None → "", control characters dropped (tabs and newlines kept)."""
    return _CONTROL.sub("", "" if value is None else str(value))


def new_document() -> docx.document.Document:
    """An empty A4 portrait document with the standard margins and body font."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    _font(normal.font, BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(28)
    return document


def _font(font, name: str) -> None:
    font.name = FALLBACK
    r_pr = font.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), FALLBACK)
    fonts.set(qn("w:hAnsi"), FALLBACK)


def paragraph(document, text: Any = "", *, font: str = BODY_FONT, size=BODY_SIZE, bold: bool = False,
              align: str = "justify", indent: bool = False, color: RGBColor | None = None, space_before: int = 0):
    """One paragraph; `indent` gives the first-line indent of two characters of body text."""
    p = document.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(size.pt * 2)
    if space_before:
        p.paragraph_format.space_before = Pt(space_before)
    run_text(p, text, font=font, size=size, bold=bold, color=color)
    return p


def run_text(p, text: Any, *, font: str = BODY_FONT, size=BODY_SIZE, bold: bool = False,
             color: RGBColor | None = None):
    run = p.add_run(safe_text(text))
    run.font.size, run.font.bold = size, bold
    if color is not None:
        run.font.color.rgb = color
    _font(run.font, font)
    return run


def title(document, text: str):
    """The document title: 方正小标宋 二号, centred, a blank line after."""
    p = paragraph(document, text, font=TITLE_FONT, size=Pt(22), align="center")
    p.paragraph_format.line_spacing = Pt(35)
    p.paragraph_format.space_after = Pt(16)
    return p


def red_header(document, issuer: str, number: str | None):
    """发文机关标志 in red, 发文字号 under it, and the red rule below (a paragraph border)."""
    head = paragraph(document, issuer, font=TITLE_FONT, size=Pt(26), align="center", color=RED)
    head.paragraph_format.line_spacing = Pt(40)
    no = paragraph(document, number or "", align="center", space_before=12)
    _borders(no, bottom=True, color=str(RED), size=12)
    no.paragraph_format.space_after = Pt(20)
    return head


def _borders(p, *, top: bool = False, bottom: bool = False, color: str = "000000", size: int = 6) -> None:
    """Rules above and/or below a paragraph (the red rule under the 文号, the lines of the 抄送/印发 block)."""
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side, on in (("top", top), ("bottom", bottom)):
        if on:
            edge = OxmlElement(f"w:{side}")
            for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", color)):
                edge.set(qn(f"w:{key}"), value)
            borders.append(edge)
    p_pr.append(borders)


def heading(document, text: str):
    """A first-level heading of the body: 黑体 三号, indented like body text."""
    return paragraph(document, text, font=HEADING_FONT, indent=True)


def table(document, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, widths_mm: Sequence[float] = ()):
    """A real Word table with a bold header row repeated on every page; all text through `safe_text`."""
    rows = list(rows)
    t = document.add_table(rows=1 + len(rows), cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate([headers, *rows]):
        for c, value in enumerate(values):
            cell = t.cell(r, c)
            cell.text = ""
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing = Pt(16)
            p.paragraph_format.first_line_indent = Pt(0)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 or not isinstance(value, str) else WD_ALIGN_PARAGRAPH.LEFT
            run_text(p, value, size=TABLE_SIZE, bold=r == 0, font=HEADING_FONT if r == 0 else BODY_FONT)
    _repeat_header(t.rows[0])
    _grid_borders(t)
    if widths_mm:
        t.autofit = False
    for c, width in enumerate(widths_mm):
        t.columns[c].width = Mm(width)
        for row in t.rows:
            row.cells[c].width = Mm(width)
    return t


def _grid_borders(t) -> None:
    """Borders written on the table itself, so it keeps them in an office template without "Table Grid"."""
    tbl_pr = t._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    tbl_pr.append(borders)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def signature(document, issuer: str, date_text: str):
    """署名 and 成文日期 at the right, four characters from the margin."""
    paragraph(document, "", space_before=16)
    for text in (issuer, date_text):
        p = paragraph(document, text, align="right")
        p.paragraph_format.right_indent = Pt(BODY_SIZE.pt * 2)


def cc_line(document, cc: str, printed_by: str, printed_on: str):
    """抄送 and 印发 lines at the foot, between rules (版记)."""
    paragraph(document, "", space_before=24)
    if cc:
        _borders(paragraph(document, f"抄送：{cc}。", size=Pt(14), align="left"), top=True)
    p = paragraph(document, printed_by, size=Pt(14), align="left")
    run_text(p, f"\u3000\u3000{printed_on}印发", size=Pt(14))
    _borders(p, top=True, bottom=True)


def document_bytes(document) -> bytes:
    buf = BytesIO()
    document.save(buf)
    return buf.getvalue()


def chinese_date(iso: str) -> str:
    """2022-05-25 → 2022年5月25日."""
    y, m, d = (int(x) for x in iso[:10].split("-"))
    return f"{y}年{m}月{d}日"
