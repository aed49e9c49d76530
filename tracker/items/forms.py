from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from tracker.items.models import Urgency
from tracker.items.urgency import MAX_WORKDAYS
from tracker.web.forms import choices


class DayField(DateField):
    """A date typed as YYYY-MM-DD, refused in Chinese."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            self.data = None
            raise ValueError(f"{self.label.text}应为 YYYY-MM-DD 格式的日期。") from exc


class ItemForm(FlaskForm):
    """A 督办事项: the 批示's details (for a 领导批示), the content, 主办/协办, 办理时限 and 办复要求. The
    services check what is required for each source, so the messages are the same on the web and the CLI."""

    leader_name = StringField("批示领导", validators=[Optional(), Length(max=50, message="批示领导最多 50 个字。")])
    instruction_text = TextAreaField("批示内容", validators=[Optional(), Length(max=2000, message="批示内容最多 2000 个字。")])
    instructed_on = DayField("批示日期", validators=[Optional()])
    urgency = SelectField("紧急程度", choices=choices(Urgency.labels().items()), default=Urgency.NORMAL.value,
                          validate_choice=False)
    content = TextAreaField("督办内容", validators=[Optional(), Length(max=2000, message="督办内容最多 2000 个字。")])
    lead = SelectField("主办单位", coerce=int, choices=[], validate_choice=False)
    co = SelectMultipleField("协办单位", coerce=int, choices=[], validate_choice=False)
    due = DayField("办理时限", validators=[Optional()])
    reply_requirement = TextAreaField("办复要求", validators=[Optional(), Length(max=1000, message="办复要求最多 1000 个字。")],
                                      default="办结后 3 个工作日内书面报告办理结果，并上传佐证材料。")
    instruction_id = HiddenField()
    inspection_id = HiddenField()


class RegisterTaskForm(FlaskForm):
    reply_requirement = TextAreaField("办复要求", validators=[Optional(), Length(max=1000, message="办复要求最多 1000 个字。")])


class UrgencyLimitsForm(FlaskForm):
    extra_urgent = IntegerField("特急", validators=[InputRequired("请填写特急的办理时限。"),
                                                  NumberRange(1, MAX_WORKDAYS, f"办理时限应为 1～{MAX_WORKDAYS} 个工作日。")])
    urgent = IntegerField("紧急", validators=[InputRequired("请填写紧急的办理时限。"),
                                            NumberRange(1, MAX_WORKDAYS, f"办理时限应为 1～{MAX_WORKDAYS} 个工作日。")])
    normal = IntegerField("一般", validators=[InputRequired("请填写一般的办理时限。"),
                                            NumberRange(1, MAX_WORKDAYS, f"办理时限应为 1～{MAX_WORKDAYS} 个工作日。")])
