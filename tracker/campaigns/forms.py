from flask_wtf import FlaskForm
from wtforms import DateField, FormField, IntegerField, StringField
from wtforms.form import Form
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class PhaseForm(Form):
    starts_on = DateField("开始", validators=[Optional()])
    ends_on = DateField("结束", validators=[Optional()])


class CampaignForm(FlaskForm):
    slug = StringField("标识（小写字母、数字、连字符）", validators=[Optional(), Length(max=64)])
    name = StringField("创建活动名称", validators=[DataRequired("请填写创建活动名称。"), Length(max=200)])
    lead_days = IntegerField("提前预警天数", default=14, validators=[NumberRange(0, 365, "应在 0 到 365 之间。")])
    mobilization = FormField(PhaseForm, "动员部署")
    implementation = FormField(PhaseForm, "组织实施")
    self_assessment = FormField(PhaseForm, "自查评估")
    acceptance = FormField(PhaseForm, "申报验收")
