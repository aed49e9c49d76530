"""The unit registry pages (office): list, add, edit, aliases, import and template."""
from io import BytesIO

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from tracker.extensions import db
from tracker.units.forms import AliasForm, RegistryUploadForm, UnitForm
from tracker.units.models import Unit, UnitAlias
from tracker.units.registry_io import (
    ALIAS_SPLIT,
    RegistryFileError,
    import_registry,
    read_registry,
    registry_template,
)
from tracker.units.services import (
    UnitError,
    add_alias,
    multi_aliases,
    remove_alias,
    sorted_units,
    update_unit,
    upsert_unit,
)
from tracker.web.forms import form_errors
from tracker.web.roles import office_required
from tracker.xlsx.reading import ImportFileError, read_capped

bp = Blueprint("units", __name__, url_prefix="/units")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _done(message: str | None, error: Exception | None = None, target=None):
    """Commit and flash success, or roll back and flash the refusal; then go back to the list."""
    if error is not None:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(target or url_for("units.index"))


@bp.get("")
@office_required
def index():
    return render_template("units/index.html", units=sorted_units(), form=UnitForm(formdata=None),
                           upload=RegistryUploadForm(), alias_form=AliasForm(), combos=multi_aliases())


@bp.post("")
@office_required
def create():
    form = UnitForm()
    if not form.validate_on_submit():
        return _done(None, UnitError(form_errors(form)))
    try:
        unit = upsert_unit(form.name.data, short_name=form.short_name.data, group_name=form.group_name.data,
                           aliases=[a for a in ALIAS_SPLIT.split(form.aliases.data or "") if a.strip()],
                           display_order=form.display_order.data or 0, actor=current_user)
    except UnitError as exc:
        return _done(None, exc)
    return _done(f"已保存责任单位 {unit.name}。")


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@office_required
def edit(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    form = UnitForm(obj=unit)
    if form.validate_on_submit():
        try:
            update_unit(unit, name=form.name.data, short_name=form.short_name.data,
                        group_name=form.group_name.data, display_order=form.display_order.data or 0,
                        actor=current_user)
        except UnitError as exc:
            return _done(None, exc, url_for("units.edit", unit_id=unit_id))
        return _done(f"已修改 {unit.name}。")
    return render_template("units/edit.html", unit=unit, form=form, alias_form=AliasForm(),
                           combos=dict(multi_aliases()))


@bp.post("/<int:unit_id>/aliases")
@office_required
def add_alias_view(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    form = AliasForm()
    target = url_for("units.edit", unit_id=unit_id)
    if not form.validate_on_submit():
        return _done(None, UnitError(form_errors(form)), target)
    try:
        add_alias(unit, form.alias.data, actor=current_user)
    except UnitError as exc:
        return _done(None, exc, target)
    return _done(f"已为 {unit.name} 添加别名“{form.alias.data.strip()}”。", target=target)


@bp.post("/aliases/<int:alias_id>/delete")
@office_required
def delete_alias(alias_id: int):
    """Delete an alias text for every unit it stands for; back to the page the form was on."""
    alias = db.get_or_404(UnitAlias, alias_id)
    unit_id, text = alias.unit_id, alias.alias
    remove_alias(alias, actor=current_user)
    back = url_for("units.index") if request.form.get("back") == "index" else url_for("units.edit", unit_id=unit_id)
    return _done(f"已删除别名“{text}”。", target=back)


@bp.post("/import")
@office_required
def import_file():
    form = RegistryUploadForm()
    if not form.validate_on_submit():
        return _done(None, UnitError(form_errors(form)))
    try:
        book = read_registry(read_capped(form.file.data.stream, current_app.config["IMPORT_MAX_MB"]))
        result = import_registry(book, actor=current_user)
    except (RegistryFileError, ImportFileError, UnitError) as exc:
        return _done(None, UnitError(f"未导入：{exc}"))
    kept = f"；名册外的 {len(result.absent)} 个单位已保留" if result.absent else ""
    return _done(f"单位名册已导入：新增 {result.created} 个，更新 {result.updated} 个{kept}。")


@bp.get("/template.xlsx")
@office_required
def template():
    data = registry_template(sorted_units())
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name="责任单位名册.xlsx")
