from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ChaseForm(FlaskForm):
    message = TextAreaField("催办内容", validators=[DataRequired("请填写催办内容。"), Length(max=1000)],
                            default="请抓紧推进并按时报送进展和佐证材料。")


class CircularForm(FlaskForm):
    as_of = DateField("统计截至", validators=[DataRequired("请填写统计日期。")])
    title = StringField("标题", validators=[Optional(), Length(max=200)])
    body = TextAreaField("通报正文", validators=[DataRequired("通报正文不能为空。"), Length(max=5000)])


class InstructionForm(FlaskForm):
    text = TextAreaField("批示内容", validators=[DataRequired("请填写批示内容。"), Length(max=2000)])
    task_id = SelectField("任务", coerce=int, choices=[], validate_choice=False)
    unit_id = SelectField("责任单位", coerce=int, choices=[], validate_choice=False)


class InspectionForm(FlaskForm):
    held_on = DateField("督查日期", validators=[DataRequired("请填写督查日期。")])
    units_visited = StringField("被督查单位", validators=[Optional(), Length(max=1000)])
    team = StringField("督查组", validators=[Optional(), Length(max=500)])
    findings = TextAreaField("发现的问题（每行一条）", validators=[DataRequired("请填写督查发现的问题。"),
                                                            Length(max=5000)])


class RectifyForm(FlaskForm):
    unit_id = SelectField("整改单位", coerce=int, choices=[], validate_choice=False)
    title = TextAreaField("整改事项", validators=[DataRequired("请填写整改事项。"), Length(max=1000)])
    deadline = DateField("整改时限", validators=[DataRequired("请填写整改时限。")])
    inspection_id = HiddenField()
    source_task_id = HiddenField()


def picked_units(form_data) -> tuple[list[int], dict[int, str]]:
    """The circular form's praise checkboxes and criticism checkboxes with their reasons."""
    praise = [int(v) for v in form_data.getlist("praise") if v.isdigit()]
    criticism = {int(v): form_data.get(f"reason_{v}", "") for v in form_data.getlist("criticism") if v.isdigit()}
    return praise, criticism


class ExtensionDecisionForm(FlaskForm):
    reason = TextAreaField("审批意见", validators=[Optional(), Length(max=500)])
