"""发文登记 (/registers): every 文号 issued, the 机关代字 per kind, and the office's red-header template."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from tracker.errors import Refusal
from tracker.extensions import db
from tracker.registers.forms import ButtonForm, LetterheadForm, PrefixForm
from tracker.registers.models import DocKind
from tracker.registers.services import (
    current_letterhead,
    entries_statement,
    letterhead_bytes,
    prefixes,
    remove_letterhead,
    save_letterhead,
    set_prefix,
)
from tracker.web.forms import form_errors
from tracker.web.pagination import paginate
from tracker.web.roles import office_required
from tracker.xlsx.reading import ImportFileError, read_capped

bp = Blueprint("registers", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATE_MAX_MB = 5


@bp.get("/registers")
@office_required
def index():
    kind, q = request.args.get("kind") or None, request.args.get("q", "")
    stmt = entries_statement(kind=kind, q=q)
    page = paginate(stmt, count_stmt=select(func.count()).select_from(stmt.order_by(None).subquery()))
    return render_template("registers/index.html", page=page, kind=kind, q=q, kinds=list(DocKind),
                           prefixes=prefixes(), prefix_form=PrefixForm(), upload_form=LetterheadForm(),
                           button=ButtonForm(), letterhead=current_letterhead())


def _back(message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for("registers.index"))


@bp.post("/registers/prefix")
@office_required
def prefix():
    form = PrefixForm()
    if not form.validate_on_submit():
        return _back(form_errors(form), "danger")
    try:
        set_prefix(form.kind.data, form.prefix.data, current_user)
    except Refusal as exc:
        db.session.rollback()
        return _back(str(exc), "danger")
    db.session.commit()
    return _back(f"{DocKind(form.kind.data).label}今后按“{form.prefix.data.strip()}”编号。")


@bp.post("/registers/letterhead")
@office_required
def upload_letterhead():
    form = LetterheadForm()
    if not form.validate_on_submit() or not (form.file.data and form.file.data.filename):
        return _back("请选择要上传的红头模板（.docx）。", "danger")
    try:
        data = read_capped(form.file.data.stream, TEMPLATE_MAX_MB)
        row = save_letterhead(form.file.data.filename, data, current_user)
    except (Refusal, ImportFileError) as exc:
        db.session.rollback()
        return _back(str(exc), "danger")
    db.session.commit()
    return _back(f"已启用红头模板“{row.filename}”：通报、督办单和催办通知书将按此模板生成。")


@bp.post("/registers/letterhead/remove")
@office_required
def drop_letterhead():
    if not ButtonForm().validate_on_submit():
        return _back("页面已过期，请重试。", "danger")
    try:
        remove_letterhead(current_user)
    except Refusal as exc:
        db.session.rollback()
        return _back(str(exc), "danger")
    db.session.commit()
    return _back("已停用红头模板，恢复内置公文版式。")


@bp.get("/registers/letterhead.docx")
@office_required
def letterhead_download():
    data = letterhead_bytes()
    if data is None:
        return _back("尚未上传红头模板。", "info")
    return Response(data, mimetype=DOCX, headers={"Content-Disposition": "attachment; filename=letterhead.docx"})
