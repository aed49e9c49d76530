"""The steps every staged-upload screen takes the same way (the 责任清单 import, a body's member directory): the
uploaded or pasted table's bytes, and the mapping step that saves the office's choices for unresolved texts."""
from flask import current_app, flash, request
from flask_login import current_user

from tracker.extensions import db
from tracker.imports.mapping import save_mappings
from tracker.units.services import UnitError
from tracker.xlsx.reading import read_file_or_paste


def uploaded(form) -> bytes | None:
    """The upload form's file, or its pasted table, under IMPORT_MAX_MB (ImportFileError otherwise)."""
    return read_file_or_paste(form.file.data, form.pasted.data, current_app.config["IMPORT_MAX_MB"])


def map_units() -> None:
    """Save the preview's mapping form (per text i, its units in the order of the selects unit_id_i: 第 1 个,
    第 2 个, …) as aliases, commit, and say what each choice did; a refused choice keeps nothing."""
    pairs = [(text, request.form.getlist(f"unit_id_{i}")) for i, text in enumerate(request.form.getlist("text"))]
    try:
        outcomes = save_mappings(pairs, actor=current_user)
    except UnitError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return
    db.session.commit()
    for outcome in outcomes:
        flash(outcome.message, "success" if outcome.resolved else "danger")
    if not outcomes:
        flash("请先在“对应单位”中为至少一处文字选择单位。", "warning")
