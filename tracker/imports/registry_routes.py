"""Importing the unit registry (office): upload → preview every row's effect, settle the clashes → confirm.

The registry's rules are units/registry_plan.py; this page only stages the upload (like the list import) and
carries the office's decisions (`fix` keys, 以本表为准) between the preview and the confirmation.
"""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker.assignments.visibility import Kind, require
from tracker.campaigns.models import Campaign
from tracker.errors import NotFound
from tracker.extensions import db
from tracker.imports import staging
from tracker.units.forms import RegistryUploadForm
from tracker.units.registry_apply import import_registry
from tracker.units.registry_io import RegistryBook, read_registry
from tracker.units.registry_plan import ACTION_LABELS, Decisions
from tracker.units.registry_snapshot import DISTRICT
from tracker.web.forms import form_errors
from tracker.web.roles import office_required
from tracker.xlsx.reading import ImportFileError, read_capped

bp = Blueprint("registry", __name__, url_prefix="/units/import")
FIX_MAX = 200  # decision keys one form may carry


def _districts() -> set[str]:
    """The districts the campaigns are named for (汉滨区创建… → 汉滨区): dropped when comparing unit names."""
    return {m.group(0) for name in db.session.scalars(select(Campaign.name)) if (m := DISTRICT.match(name))}


def _decisions() -> Decisions:
    # "fix" checkboxes (decisions already taken) and one "fix_N" radio group per clash
    values = [v for name in request.values if name == "fix" or name.startswith("fix_")
              for v in request.values.getlist(name)]
    keys = [k for k in values if 0 < len(k) <= 120][:FIX_MAX]
    return Decisions(frozenset(keys), request.values.get("authoritative") == "1")


def _staged(token: str) -> tuple[staging.StagedRegistry, RegistryBook]:
    """The user's own staged registry and its rows (parsed at upload, not again); NotFound for someone else's,
    a discarded or expired one, or a bad token."""
    staged = require(current_user, staging.find_registry(token), Kind.IMPORT_PREVIEW, change=True)
    try:
        return staged, staging.load_registry(staged)
    except FileNotFoundError:
        raise NotFound() from None


@bp.post("")
@office_required
def upload():
    form = RegistryUploadForm()
    if not form.validate_on_submit():
        flash(form_errors(form), "danger")
        return redirect(url_for("units.index"))
    config = current_app.config
    try:
        book = read_registry(read_capped(form.file.data.stream, config["IMPORT_MAX_MB"]),
                             max_rows=config["IMPORT_MAX_ROWS"])
    except ImportFileError as exc:  # RegistryFileError is one
        flash(f"无法读取单位名册：{exc}", "danger")
        return redirect(url_for("units.index"))
    return redirect(url_for("registry.preview", token=staging.stage_registry(book, current_user.id)))


@bp.get("/<token>")
@office_required
def preview(token: str):
    _, book = _staged(token)
    decisions = _decisions()
    plan = import_registry(book, decisions, dry_run=True, districts=_districts())
    return render_template("imports/registry_preview.html", plan=plan, token=token, decisions=decisions,
                           labels=ACTION_LABELS, form=RegistryUploadForm(formdata=None))


@bp.post("/<token>/confirm")
@office_required
def confirm(token: str):
    staged, book = _staged(token)
    decisions = _decisions()
    plan = import_registry(book, decisions, actor=current_user, districts=_districts())
    back = {"fix": sorted(decisions.keys), "authoritative": "1" if decisions.authoritative else None}
    if not plan.written:
        db.session.rollback()
        flash(f"未导入：还有 {len(plan.conflicts)} 行冲突，请逐条处理后再确认。", "danger")
        return redirect(url_for("registry.preview", token=token, **back))
    db.session.commit()
    staging.discard(staged)
    counts = plan.counts()
    kept = f"；名册外的 {len(plan.absent)} 个单位已保留" if plan.absent else ""
    flash(f"单位名册已导入：新增 {counts['new']} 个，更新 {counts['update']} 个，不变 {counts['same']} 个{kept}。",
          "success")
    return redirect(url_for("units.index"))


@bp.post("/<token>/discard")
@office_required
def discard(token: str):
    staged, _ = _staged(token)
    staging.discard(staged)
    flash("已放弃本次单位名册导入，名册未改动。", "info")
    return redirect(url_for("units.index"))
