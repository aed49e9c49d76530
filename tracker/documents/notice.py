"""督办通知单 (催办单) as a Word document: one page per unit listing its overdue and at-risk assignments with their
deadlines and the office's request. A pure function of plain data: no queries, no clock.

    notice = {"unit": "区卫健局", "items": [{"category", "task", "deadline", "state", "chases"}, …],
              optional: "number" (its 文号, else `number_text`), "title" and "colour" (blue / yellow / red: a
              三色督办单), "intro" and "request" (instead of the standard sentences), "cc" (抄送, e.g. the unit's 分管领导)}
"""
from docx.shared import Pt, RGBColor

from tracker.documents import letterhead as lh
from tracker.documents import word

ITEM_HEADERS = ("序号", "类别", "任务", "完成时限", "状态", "已催办")
ITEM_WIDTHS = (12, 22, 66, 24, 20, 12)
DEFAULT_REQUEST = ("请你单位对照责任清单，逐项落实上述任务，于收到本通知单后 5 个工作日内完成整改并在系统中报送佐证材料；"
                   "确有困难的，请书面说明原因及完成时限。")


def notices_document(notices: list[dict], *, issuer: str, number_text: str, issued_on: str,
                     request: str = DEFAULT_REQUEST, title: str = "督办通知单", header: bool = True,
                     with_title: bool = True):
    """One Document holding every unit's notice, each on its own page (without `header`: no issuing body and
    number, an office template gives them; without `with_title`: no title)."""
    document = word.new_document()
    for i, notice in enumerate(notices):
        if i:
            word.page_break(document)
        _notice_page(document, notice, issuer=issuer, number_text=number_text, issued_on=issued_on,
                     request=request, title=title, header=header, with_title=with_title)
    return document


def _notice_page(document, notice: dict, *, issuer: str, number_text: str, issued_on: str, request: str,
                 title: str, header: bool = True, with_title: bool = True) -> None:
    if header:
        word.paragraph(document, issuer, font=word.TITLE_FONT, size=Pt(18), align="center", color=word.RED)
    if with_title:
        _title(document, notice.get("title") or title, notice.get("colour"))
    if header:
        word.paragraph(document, notice.get("number") or number_text, size=Pt(12), align="right")
    word.paragraph(document, f"{notice['unit']}：", align="left")
    items = notice["items"]
    overdue = sum(1 for it in items if it["state"].startswith("逾期"))
    intro = notice.get("intro") or (f"截至{word.chinese_date(issued_on)}，你单位承担的创建任务中，逾期未完成{overdue}项、"
                                    f"临近时限尚未启动{len(items) - overdue}项，具体如下：")
    word.paragraph(document, intro, indent=True)
    word.table(document, ITEM_HEADERS,
               [(n, it["category"], it["task"], it["deadline"] or "长期", it["state"], f"{it['chases']}次")
                for n, it in enumerate(items, start=1)], widths_mm=ITEM_WIDTHS)
    word.paragraph(document, word.safe_text(notice.get("request") or request), indent=True, space_before=8)
    word.signature(document, issuer, word.chinese_date(issued_on))
    if notice.get("cc"):
        word.cc_line(document, notice["cc"], issuer, word.chinese_date(issued_on))


COLOURS = {"blue": RGBColor(0x00, 0x4E, 0xA2), "yellow": RGBColor(0xC8, 0x8A, 0x00), "red": word.RED}


def _title(document, text: str, colour: str | None) -> None:
    """The title; a 三色督办单's in its colour (its name says the colour too: never colour alone)."""
    p = word.title(document, text)
    if colour in COLOURS:
        for run in p.runs:
            run.font.color.rgb = COLOURS[colour]


def notices_docx(notices: list[dict], *, letterhead: bytes | None = None, **kw) -> bytes:
    """The .docx bytes of `notices_document`: on the office's red-header template when there is one (a copy of
    the template per unit, its 文号 and 主送 filled), else in the built-in layout."""
    if letterhead is None:
        return word.document_bytes(notices_document(notices, **kw))
    with_title = not lh.has_title(letterhead)
    title = kw.get("title", "督办通知单")
    pages = [({"发文机关": kw["issuer"], "文号": n.get("number") or kw["number_text"], "标题": n.get("title") or title,
               "日期": word.chinese_date(kw["issued_on"]), "主送": n["unit"]},
              notices_document([n], header=False, with_title=with_title, **kw)) for n in notices]
    return lh.fill(letterhead, pages)
