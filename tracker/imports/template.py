"""The responsibility-list template workbook (pure: no queries)."""
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from tracker.xlsx.cells import write_cell, write_row

LIST_HEADER = ("序号", "类别", "创建任务", "责任单位（牵头单位列首位）", "配合单位", "完成时限", "分值")
EXAMPLE_ROWS = (
    (1, "领导重视", "建立党委政府牵头负责，部门职责明确长期协作的组织体系", "区政府办、区卫健局、各镇办", None,
     "2022年6月底前", 5),
    (2, "政策支持", "制定婴幼儿照护服务机构建设及运营补贴制度", "区发改局（牵头）、区财政局", "区税务局", "长期坚持", None),
)


def list_template() -> bytes:
    """Title row, the expected header and two example rows; the rules in a note below."""
    wb = Workbook()
    ws = wb.active
    ws.title = "责任清单"
    write_cell(ws, 1, 1, "××区创建工作责任清单").font = Font(size=14, bold=True)
    write_row(ws, 2, LIST_HEADER)
    for r, row in enumerate(EXAMPLE_ROWS, start=3):
        write_row(ws, r, row)
    write_cell(ws, 4 + len(EXAMPLE_ROWS), 1, "注：多个单位用“、”分隔，首位为牵头单位（或标注“（牵头）”）；完成时限可写 "
               "2022-06-30、2022年6月底前、2022年底前或“长期坚持”；类别可合并单元格。")
    for col, width in zip("ABCDEFG", (6, 12, 50, 36, 20, 16, 8), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
