from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from tracker.auth.decorators import roles_required
from tracker.extensions import db
from tracker.tasks.models import Assignment

bp = Blueprint("assignments", __name__)


@bp.get("/my")
@roles_required("unit")
def my_list():
    rows = db.session.scalars(
        select(Assignment).where(Assignment.unit_id == current_user.unit_id)
        .options(db.joinedload(Assignment.task))
    ).all()
    return render_template("assignments/my_list.html", assignments=rows)
