"""The office's own red-header (红头) template: a .docx with placeholders, into which a document's body is put.

Placeholders (written anywhere in the template's text, its tables, headers and footers; each may be split over
runs by Word, the paragraph keeps the format of its first run):

    {{发文机关}}  the issuing body          {{文号}}  the document number, e.g. 汉创办发〔2022〕3号
    {{标题}}      the title                 {{日期}}  the date, e.g. 2022年5月25日
    {{主送}}      the addressee (a unit)    {{正文}}  where the body goes: its paragraph is replaced by the body

Without {{正文}} the body goes at the end. Without {{标题}} the body starts with the title. A document of several
pages (a 督办通知单 per unit) repeats the template's body for each page. Pure functions of bytes and data.
"""
import copy
import io
import re

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tracker.documents.word import safe_text
from tracker.errors import Refusal
from tracker.xlsx.package import Limits, check_document
from tracker.xlsx.reading import ImportFileError

FIELDS = ("发文机关", "文号", "标题", "日期", "主送")
BODY = "{{正文}}"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]{1,10})\s*\}\}")
_TEXT = qn("w:t")
_PARAGRAPH = qn("w:p")
_SECT = qn("w:sectPr")


class TemplateError(Refusal):
    """An uploaded template that cannot be used; the message says why and what to do."""


def check_template(data: bytes) -> list[str]:
    """Refuse anything but a readable .docx within the caps; the placeholders it holds (documentation order)."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"红头模板不能超过 {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB。")
    if not data.startswith(b"PK\x03\x04"):
        raise TemplateError("红头模板须为 Word 文档（.docx）：.doc、.wps 请在 Word 或 WPS 中另存为 .docx 后上传。")
    try:
        check_document(data, Limits())
        document = docx.Document(io.BytesIO(data))
    except ImportFileError as exc:
        raise TemplateError(f"红头模板无法读取：{exc}") from exc
    except Exception as exc:  # noqa: BLE001 — any failure to open is "not a usable .docx"
        raise TemplateError("红头模板不是有效的 Word 文档（.docx）：请在 Word 或 WPS 中打开并另存为 .docx 后上传。") from exc
    if document.part.package.main_document_part.content_type.endswith("macroEnabled.main+xml"):
        raise TemplateError("红头模板不能含宏（.docm）：请另存为普通的 Word 文档（.docx）。")
    found = set(PLACEHOLDER.findall("\n".join(_all_texts(document))))
    if unknown := found - set(FIELDS) - {"正文"}:
        raise TemplateError("红头模板中有无法识别的占位符：" + "、".join("{{" + u + "}}" for u in sorted(unknown))
                            + "。可用的占位符：" + "、".join("{{" + f + "}}" for f in (*FIELDS, "正文")) + "。")
    return [f for f in (*FIELDS, "正文") if f in found]


def has_title(template: bytes) -> bool:
    """Whether the template prints the title itself ({{标题}})."""
    return "标题" in check_template(template)


def _all_texts(document) -> list[str]:
    parts = [document.element.body, *(s.header._element for s in document.sections),
             *(s.footer._element for s in document.sections)]
    return ["".join(t.text or "" for t in p.iter(_TEXT)) for part in parts for p in part.iter(_PARAGRAPH)]


def fill(template: bytes, pages: list[tuple[dict[str, str], "docx.document.Document"]]) -> bytes:
    """The template with each page's fields filled and its content's body put at {{正文}}; pages follow each
    other after a page break, each a copy of the template's body. Headers and footers take the first page's."""
    document = docx.Document(io.BytesIO(template))
    body = document.element.body
    sect = body.find(_SECT)
    originals = [el for el in body if el.tag != _SECT]
    for el in originals:
        body.remove(el)
    for n, (fields, content) in enumerate(pages):
        if n:
            _insert(body, sect, [_page_break()])
        copies = [copy.deepcopy(el) for el in originals]
        _insert(body, sect, copies)
        for el in copies:
            _replace_in(el, fields)
        _put_body(body, sect, copies, content)
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                _replace_in(part._element, pages[0][0] if pages else {})
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _insert(body, sect, elements) -> None:
    for el in elements:
        if sect is not None:
            sect.addprevious(el)
        else:
            body.append(el)


def _put_body(body, sect, copies, content) -> None:
    """The content document's body elements at the {{正文}} paragraph (removed), else after the template."""
    parts = [copy.deepcopy(el) for el in content.element.body if el.tag != _SECT]
    marker = next((p for el in copies for p in el.iter(_PARAGRAPH)
                   if BODY in "".join(t.text or "" for t in p.iter(_TEXT)).replace(" ", "")), None)
    if marker is None:
        _insert(body, sect, parts)
        return
    for el in parts:
        marker.addprevious(el)
    marker.getparent().remove(marker)


def _replace_in(element, fields: dict[str, str]) -> None:
    """Each paragraph whose text holds a placeholder gets its text, filled, in its first run."""
    for p in element.iter(_PARAGRAPH):
        texts = list(p.iter(_TEXT))
        joined = "".join(t.text or "" for t in texts)
        if "{{" not in joined:
            continue
        filled = PLACEHOLDER.sub(lambda m: safe_text(fields.get(m.group(1), m.group(0))), joined)
        texts[0].text = filled
        texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for t in texts[1:]:
            t.text = ""


def _page_break():
    p = OxmlElement("w:p")
    r = OxmlElement("w:r")
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "page")
    r.append(br)
    p.append(r)
    return p


__all__ = ["BODY", "FIELDS", "TemplateError", "check_template", "fill", "has_title"]
