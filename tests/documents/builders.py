"""The same small list as .docx (python-docx), .xls (xlwt, tests only), TSV and clipboard HTML, built in memory."""
import io
from datetime import date

import docx
import xlwt

LIST_ROWS = [
    ["类别", "创建任务", "责任单位", "完成时限"],
    ["领导重视", "建立组织体系", "区政府办、区卫健局", date(2022, 6, 30)],
    [None, "常态化监管", "区卫健局", "长期坚持"],
    ["政策支持", "出台专项规划", "区发改局", "2022年6月底前"],
]


def docx_bytes(rows, *, vmerge=(), intro=True, before_tables=()) -> bytes:
    """A Word document: a heading paragraph, optional other tables, then `rows` as a table. `vmerge`: (col, first
    row, last row) 0-based ranges merged vertically (the text stays in the first row's cell)."""
    document = docx.Document()
    if intro:
        document.add_paragraph("附件")
        document.add_paragraph("汉滨区创建省级婴幼儿照护服务示范城区工作责任清单")
    for other in before_tables:
        t = document.add_table(rows=len(other), cols=len(other[0]))
        for r, row in enumerate(other):
            for c, v in enumerate(row):
                t.cell(r, c).text = v
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for col, first, last in vmerge:
        table.cell(first, col).merge(table.cell(last, col))
    covered = {(r, col) for col, first, last in vmerge for r in range(first + 1, last + 1)}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if (r, c) in covered or v is None:
                continue
            text = v.isoformat() if isinstance(v, date) else str(v)
            cell = table.cell(r, c)
            lines = text.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def xls_bytes(rows, *, merges=(), sheet="责任清单") -> bytes:
    """An old-format workbook; dates are written as date serials with a date format; `merges`: (r1, r2, c1, c2)
    0-based inclusive, the value of the first cell kept."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    covered = set()
    for r1, r2, c1, c2 in merges:
        ws.write_merge(r1, r2, c1, c2, rows[r1][c1])
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if (r, c) in covered or v is None:
                continue
            if isinstance(v, date):
                ws.write(r, c, v, date_style)
            else:
                ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def tsv(rows) -> str:
    def cell(v):
        text = "" if v is None else (v.isoformat() if isinstance(v, date) else str(v))
        return f'"{text}"' if "\n" in text else text
    return "\r\n".join("\t".join(cell(v) for v in row) for row in rows) + "\r\n"


def html(rows, *, rowspans=()) -> str:
    """The clipboard HTML Word writes (roughly): a <table> with rowspan for vertical merges."""
    spans = {(first, col): last - first + 1 for col, first, last in rowspans}
    covered = {(r, col) for col, first, last in rowspans for r in range(first + 1, last + 1)}
    out = ["<html><body><p>附件</p><table border=1>"]
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, v in enumerate(row):
            if (r, c) in covered:
                continue
            text = "" if v is None else (v.isoformat() if isinstance(v, date) else str(v))
            span = f' rowspan="{spans[(r, c)]}"' if (r, c) in spans else ""
            out.append(f"<td{span}><p>{text.replace(chr(10), '</p><p>')}</p></td>")
        out.append("</tr>")
    out.append("</table></body></html>")
    return "".join(out)
