"""Forms of the report pages: the office creates a cycle, a unit files its report, the office returns it."""
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.reports.filing import TEXT_MAX
from tracker.reports.models import Recurrence
from tracker.reports.services import NAME_MAX
from tracker.web.forms import choices


def to_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CycleForm(FlaskForm):
    name = StringField("周期名称", validators=[DataRequired("请填写周期名称（如 2022年上半年）。"),
                                               Length(max=NAME_MAX, message=f"周期名称不能超过 {NAME_MAX} 字。")],
                       render_kw={"placeholder": "2022年上半年"})
    due_on = DateField("报送截止日期", validators=[DataRequired("请填写报送截止日期（YYYY-MM-DD）。")])
    period_from = DateField("报告期自", validators=[Optional()])
    period_to = DateField("至", validators=[Optional()])
    recurrence = RadioField("重复", choices=choices(Recurrence.labels().items()), default=Recurrence.NONE.value)
    remind_days = IntegerField("提前提醒天数", default=3, validators=[
        NumberRange(0, 60, "提前提醒天数应在 0 到 60 之间。")])
    who = RadioField("应报单位", choices=choices([("all", "全部承担任务的单位"), ("chosen", "指定单位")]),
                     default="all")
    units = SelectMultipleField("指定单位", coerce=int, validate_choice=False)


class FileForm(FlaskForm):
    """A unit's report text; files come as `files` (new) and `library` (already held)."""

    text = TextAreaField("报告正文", validators=[DataRequired("请填写报告正文。"),
                                                 Length(max=TEXT_MAX, message=f"报告正文不能超过 {TEXT_MAX} 字。")])
    version = HiddenField()

    @property
    def posted_version(self) -> int | None:
        return to_int(self.version.data)


class DecisionForm(FlaskForm):
    reason = TextAreaField("退回原因", validators=[Optional(), Length(max=1000, message="退回原因不能超过 1000 字。")])
    version = HiddenField()

    @property
    def posted_version(self) -> int | None:
        return to_int(self.version.data)
