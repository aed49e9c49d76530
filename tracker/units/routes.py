"""The unit registry pages (office): list, add, edit, aliases, retire, and the template (import: imports/registry_routes)."""
from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from tracker.extensions import db
from tracker.units.forms import AliasForm, RegistryUploadForm, UnitForm
from tracker.units.models import Unit, UnitAlias
from tracker.units.registry_io import ALIAS_SPLIT, registry_template
from tracker.units.services import (
    UnitError,
    add_alias,
    clean_name,
    create_unit,
    multi_aliases,
    remove_alias,
    restore_unit,
    retire_blockers,
    retire_unit,
    sorted_units,
    update_unit,
)
from tracker.units.usage import usage_of
from tracker.web.forms import form_errors
from tracker.web.roles import office_required

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
    units = sorted_units()
    usage = usage_of([u.id for u in units])
    return render_template("units/index.html", units=units, form=UnitForm(formdata=None),
                           upload=RegistryUploadForm(), alias_form=AliasForm(), combos=multi_aliases(),
                           retirable={u.id for u in units if not u.group_name and not usage[u.id]},
                           retired=sorted_units(retired=True))


@bp.post("")
@office_required
def create():
    form = UnitForm()
    if not form.validate_on_submit():
        return _done(None, UnitError(form_errors(form)))
    try:
        unit = create_unit(form.name.data, short_name=form.short_name.data, group_name=form.group_name.data,
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
                        actor=current_user, leader_in_charge=form.leader_in_charge.data)
        except UnitError as exc:
            return _done(None, exc, url_for("units.edit", unit_id=unit_id))
        return _done(f"已修改 {unit.name}。")
    return render_template("units/edit.html", unit=unit, form=form, alias_form=AliasForm(),
                           combos=dict(multi_aliases()), blockers=retire_blockers(unit))


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
    return _done(f"已为 {unit.name} 添加别名“{clean_name(form.alias.data)}”。", target=target)


@bp.post("/aliases/<int:alias_id>/delete")
@office_required
def delete_alias(alias_id: int):
    """Delete an alias text for every unit it stands for; back to the page the form was on."""
    alias = db.get_or_404(UnitAlias, alias_id)
    unit_id, text = alias.unit_id, alias.alias
    remove_alias(alias, actor=current_user)
    back = url_for("units.index") if request.form.get("back") == "index" else url_for("units.edit", unit_id=unit_id)
    return _done(f"已删除别名“{text}”。", target=back)


@bp.post("/<int:unit_id>/retire")
@office_required
def retire(unit_id: int):
    """停用: only a unit in no list and no group (hidden from pickers, kept in history)."""
    unit = db.get_or_404(Unit, unit_id)
    try:
        retire_unit(unit, actor=current_user)
    except UnitError as exc:
        return _done(None, exc)
    return _done(f"已停用 {unit.name}：不再出现在选择单位的列表和清单导入中，历史记录保留。")


@bp.post("/<int:unit_id>/restore")
@office_required
def restore(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    try:
        restore_unit(unit, actor=current_user)
    except UnitError as exc:
        return _done(None, exc)
    return _done(f"已恢复启用 {unit.name}。")


@bp.get("/template.xlsx")
@office_required
def template():
    data = registry_template(sorted_units())
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name="责任单位名册.xlsx")
