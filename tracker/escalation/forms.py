from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.escalation.models import Trigger
from tracker.web.forms import choices


class StepForm(FlaskForm):
    trigger = SelectField("触发条件", choices=choices([(t.value, t.label) for t in Trigger]),
                          validate_choice=False)  # a step's own trigger is not posted when it is edited
    days = IntegerField("N（工作日）", default=3, validators=[Optional(), NumberRange(0, 60, "工作日数应在 0～60 之间。")])
    remind = BooleanField("站内及渠道提醒", default=True)
    urge_notice = BooleanField("催办通知书（抄送分管领导）")
    propose_criticism = BooleanField("列入下期通报批评建议")
    issue_notice = BooleanField("三色督办单（蓝：时限前，黄：逾期次日，红：逾期 N 个工作日）")
    active = BooleanField("启用", default=True)


class PauseForm(FlaskForm):
    reason = TextAreaField("暂停理由", validators=[DataRequired("请填写暂停督办升级的理由。"), Length(max=500)])


class ButtonForm(FlaskForm):
    """A button that carries only the CSRF token."""
