"""Forms of the unit's workspace. Each carries the assignment's version (optimistic locking) and the id
of the newest timeline event the user saw, so that a conflict page can show what changed since."""
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, TextAreaField
from wtforms.validators import Optional

from tracker.assignments.extension import REASON_MAX
from tracker.assignments.services import NOTE_MAX, SUMMARY_MAX


def to_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class VersionForm(FlaskForm):
    version = HiddenField()
    seen = HiddenField()

    @property
    def posted_version(self) -> int | None:
        return to_int(self.version.data)

    @property
    def seen_event(self) -> int:
        return to_int(self.seen.data) or 0


class ProgressForm(VersionForm):
    progress = TextAreaField("进展情况", render_kw={"rows": 4, "maxlength": NOTE_MAX})
    problems = TextAreaField("存在问题", render_kw={"rows": 3, "maxlength": NOTE_MAX})
    next_steps = TextAreaField("下步打算", render_kw={"rows": 3, "maxlength": NOTE_MAX})


class SubmitForm(VersionForm):
    summary = TextAreaField("提交说明", render_kw={"rows": 3, "maxlength": SUMMARY_MAX,
                                                  "placeholder": "简要说明完成情况和所附材料"})


class ExtensionForm(FlaskForm):
    """延期申请 by the unit: the date it asks for and why."""

    new_due = DateField("申请延期至", validators=[Optional()])
    reason = TextAreaField("延期理由", render_kw={"rows": 2, "maxlength": REASON_MAX,
                                              "placeholder": "说明不能按期完成的原因和保证措施"})
