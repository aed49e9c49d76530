from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional


class DecisionForm(FlaskForm):
    """通过 / 退回; `version` is the assignment version the reviewer saw."""

    version = HiddenField()
    reason = TextAreaField("退回原因", validators=[Optional(), Length(max=2000)])
    # 退回 a lead: the co-units (assignment ids) whose part is missing go back too
    co_units = SelectMultipleField("同时退回配合单位", coerce=int, choices=[], validate_choice=False)


class ScoreForm(FlaskForm):
    score = DecimalField("得分", places=2, validators=[InputRequired("请填写得分。"),
                                                      NumberRange(min=0, message="得分不能小于 0。")])
    comment = TextAreaField("评分说明", validators=[Optional(), Length(max=2000)])
