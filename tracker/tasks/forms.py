from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker.tasks.models import CoSubmission, deadline_problem, points_problem
from tracker.web.forms import choices


def _valid_points(form, field) -> None:
    if problem := points_problem(field.data):
        raise ValidationError(problem)


def _valid_deadline(form, field) -> None:
    if problem := deadline_problem(field.data):
        raise ValidationError(problem)


class TaskForm(FlaskForm):
    title = TextAreaField("任务内容", validators=[DataRequired("请填写任务内容。"), Length(max=2000)])
    category = StringField("类别", validators=[DataRequired("请填写类别。"), Length(max=100)])
    deadline = DateField("完成时限（留空为长期）", validators=[Optional(), _valid_deadline])
    deadline_reason = StringField("时限调整理由", validators=[Optional(), Length(max=500)])
    points = DecimalField("分值", places=2, validators=[Optional(), _valid_points])
    co_submission = SelectField("配合单位提交方式", choices=choices([("", "按创建活动设置"), *CoSubmission.labels().items()]),
                                validators=[Optional()])


class UnitsForm(FlaskForm):
    lead = SelectField("牵头单位", coerce=int, choices=[], validate_choice=False)
    co = SelectMultipleField("配合单位", coerce=int, choices=[], validate_choice=False)
