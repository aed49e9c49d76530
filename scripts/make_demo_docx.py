"""Generate tracker/demo_data/hanbin_list.docx: seed 001's annex as it was published, a table in a Word notice.

Run: .venv/bin/python scripts/make_demo_docx.py (after make_demo_xlsx.py) — the output is committed and
`tracker demo` imports it. The table is the one of hanbin_list.xlsx (same rows, same text); its merged 类别 cells
become vertical merges, its title rows become paragraphs above the table, the note a paragraph below.
"""
from pathlib import Path

from docx.shared import Pt
from openpyxl import load_workbook

from tracker.documents import word

DATA = Path(__file__).resolve().parent.parent / "tracker" / "demo_data"


def main() -> None:
    ws = load_workbook(DATA / "hanbin_list.xlsx").active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "类别")
    body = [r for r in rows[header_at + 1:] if r[1]]
    notes = [r[0] for r in rows[header_at + 1:] if not r[1] and r[0]]
    document = word.new_document()
    word.paragraph(document, "附件", font=word.HEADING_FONT, align="left")
    word.title(document, rows[header_at - 1][0])
    table = word.table(document, rows[header_at], [[v or "" for v in r] for r in body],
                       widths_mm=(18, 70, 34, 22, 16))
    _merge_categories(table, body)
    for note in notes:
        word.paragraph(document, note, size=Pt(12), align="left")
    (DATA / "hanbin_list.docx").write_bytes(word.document_bytes(document))


def _merge_categories(table, body) -> None:
    """A run of rows whose 类别 is empty belongs to the category above: merge the cells vertically."""
    starts = [i for i, r in enumerate(body) if r[0]] + [len(body)]
    for first, nxt in zip(starts, starts[1:], strict=False):
        if nxt - 1 > first:
            top = table.cell(first + 1, 0)
            text = top.text
            merged = top.merge(table.cell(nxt, 0))
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
            merged.paragraphs[0].text = ""
            word.run_text(merged.paragraphs[0], text, size=word.TABLE_SIZE)


if __name__ == "__main__":
    main()
