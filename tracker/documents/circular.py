"""The 通报 as a Word document: a pure function of the circular's snapshot (no queries, no clock).

Layout (GB/T 9704-2012, simplified): issuing body in red with the number under it and the red rule, the title,
the body paragraphs, 一、各单位进展 (the per-unit table), 二、逾期任务 (the overdue list), 三、表扬与通报批评,
附表：目标指标完成情况 when the circular carries it, then the issuing body and the date at the foot, and the
印发 line.
"""
from docx.shared import Pt

from tracker.documents import letterhead as lh
from tracker.documents import word

UNIT_HEADERS = ("排名", "责任单位", "承担任务", "待审核", "已办结", "已退回", "逾期", "完成率(%)")
UNIT_WIDTHS = (12, 50, 16, 14, 14, 14, 14, 20)
OVERDUE_HEADERS = ("序号", "任务", "责任单位", "完成时限", "逾期天数", "催办次数")
OVERDUE_WIDTHS = (12, 56, 30, 28, 14, 14)
INDICATOR_HEADERS = ("指标", "最新值", "数据截至", "对照目标", "目标日期", "完成进度", "完成状态")
INDICATOR_WIDTHS = (52, 20, 22, 22, 22, 16, 18)


def circular_document(title: str, body: str, data: dict, *, issuer: str, number_text: str, issued_on: str,
                      header: bool = True, with_title: bool = True):
    """The Document of one circular; `data` is Circular.data (as_of, units, totals, overdue, praise, criticism).
    Without `header` (an office template gives it) the red header is left out, without `with_title` the title."""
    document = word.new_document()
    if header:
        word.red_header(document, issuer, number_text)
    if with_title:
        word.title(document, title)
    for text in [line.strip() for line in word.safe_text(body).splitlines() if line.strip()]:
        word.paragraph(document, text, indent=True)
    word.heading(document, "一、各单位进展情况")
    ranked = data.get("ranked", True)  # a ranking is optional (off by default); old circulars were ranked
    word.paragraph(document, f"（统计截至{word.chinese_date(data['as_of'])}{'，按完成率排名' if ranked else ''}）",
                   size=Pt(12), align="center")
    word.table(document, UNIT_HEADERS if ranked else ("序号", *UNIT_HEADERS[1:]),
               [(u["rank"], u["name"], u["assigned"], u["submitted"], u["approved"], u["returned"], u["overdue"],
                 u["rate"]) for u in data["units"]], widths_mm=UNIT_WIDTHS)
    word.heading(document, "二、逾期未完成任务")
    if data.get("overdue"):
        word.table(document, OVERDUE_HEADERS,
                   [(i, o["task"], o["unit"], o["deadline"], o["days"], o["chases"])
                    for i, o in enumerate(data["overdue"], start=1)], widths_mm=OVERDUE_WIDTHS)
    else:
        word.paragraph(document, "截至统计日，无逾期未完成任务。", indent=True)
    word.heading(document, "三、表扬与通报批评")
    praise = "、".join(data.get("praise") or [])
    word.paragraph(document, f"表扬：{praise}。" if praise else "表扬：无。", indent=True)
    criticism = data.get("criticism") or []
    if criticism:
        for c in criticism:
            word.paragraph(document, f"通报批评：{c['name']}" + (f"（{c['reason']}）" if c.get("reason") else "") + "。",
                           indent=True)
    else:
        word.paragraph(document, "通报批评：无。", indent=True)
    if data.get("indicators"):
        _indicator_table(document, data["indicators"])
    date_text = word.chinese_date(issued_on)
    word.signature(document, issuer, date_text)
    word.cc_line(document, "", issuer, date_text)
    return document


def _indicator_table(document, rows: list[dict]) -> None:
    """附表: the plan's numbers as the circular's snapshot holds them (supervision/circulars.indicator_table)."""
    word.heading(document, "附表：目标指标完成情况")
    word.table(document, INDICATOR_HEADERS,
               [(r["name"] + (f"（{r['reason']}）" if r.get("reason") else ""),
                 f"{r['latest']}{r['measure']}" if r["latest"] else "—", r["latest_on"] or "—",
                 f"{r['target']}{r['measure']}" if r["target"] else "—", r["target_on"] or "—",
                 f"{r['progress']:.1f}%" if r["progress"] is not None else "—", r["status_label"]) for r in rows],
               widths_mm=INDICATOR_WIDTHS)


def circular_docx(title: str, body: str, data: dict, *, issuer: str, number_text: str, issued_on: str,
                  letterhead: bytes | None = None) -> bytes:
    """The .docx bytes of `circular_document`: on the office's red-header template when there is one
    (documents/letterhead.py), else in the built-in GB/T 9704 layout."""
    kw = {"issuer": issuer, "number_text": number_text, "issued_on": issued_on}
    if letterhead is None:
        return word.document_bytes(circular_document(title, body, data, **kw))
    content = circular_document(title, body, data, header=False, with_title=not lh.has_title(letterhead), **kw)
    fields = {"发文机关": issuer, "文号": number_text, "标题": title, "日期": word.chinese_date(issued_on), "主送": ""}
    return lh.fill(letterhead, [(fields, content)])
