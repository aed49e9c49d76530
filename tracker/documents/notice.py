"""督办通知单 (催办单) as a Word document: one page per unit listing its overdue and at-risk assignments with their
deadlines and the office's request. A pure function of plain data: no queries, no clock.

    notice = {"unit": "区卫健局", "items": [{"category", "task", "deadline", "state", "chases"}, …]}
"""
from docx.shared import Pt

from tracker.documents import word

ITEM_HEADERS = ("序号", "类别", "任务", "完成时限", "状态", "已催办")
ITEM_WIDTHS = (12, 22, 66, 24, 20, 12)
DEFAULT_REQUEST = ("请你单位对照责任清单，逐项落实上述任务，于收到本通知单后 5 个工作日内完成整改并在系统中报送佐证材料；"
                   "确有困难的，请书面说明原因及完成时限。")


def notices_document(notices: list[dict], *, issuer: str, number_text: str, issued_on: str,
                     request: str = DEFAULT_REQUEST, title: str = "督办通知单"):
    """One Document holding every unit's notice, each on its own page."""
    document = word.new_document()
    for i, notice in enumerate(notices):
        if i:
            word.page_break(document)
        _notice_page(document, notice, issuer=issuer, number_text=number_text, issued_on=issued_on,
                     request=request, title=title)
    return document


def _notice_page(document, notice: dict, *, issuer: str, number_text: str, issued_on: str, request: str,
                 title: str) -> None:
    word.paragraph(document, issuer, font=word.TITLE_FONT, size=Pt(18), align="center", color=word.RED)
    word.title(document, title)
    word.paragraph(document, number_text, size=Pt(12), align="right")
    word.paragraph(document, f"{notice['unit']}：", align="left")
    items = notice["items"]
    overdue = sum(1 for it in items if it["state"].startswith("逾期"))
    word.paragraph(document, f"截至{word.chinese_date(issued_on)}，你单位承担的创建任务中，逾期未完成{overdue}项、"
                             f"临近时限尚未启动{len(items) - overdue}项，具体如下：", indent=True)
    word.table(document, ITEM_HEADERS,
               [(n, it["category"], it["task"], it["deadline"] or "长期", it["state"], f"{it['chases']}次")
                for n, it in enumerate(items, start=1)], widths_mm=ITEM_WIDTHS)
    word.paragraph(document, word.safe_text(request), indent=True, space_before=8)
    word.signature(document, issuer, word.chinese_date(issued_on))


def notices_docx(notices: list[dict], **kw) -> bytes:
    """The .docx bytes of `notices_document`."""
    return word.document_bytes(notices_document(notices, **kw))
