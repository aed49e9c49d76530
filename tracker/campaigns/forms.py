from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FormField, IntegerField, StringField
from wtforms.form import Form
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class PhaseForm(Form):
    starts_on = DateField("开始", validators=[Optional()])
    ends_on = DateField("结束", validators=[Optional()])


class CampaignForm(FlaskForm):
    slug = StringField("标识（小写字母、数字、连字符）", validators=[Optional(), Length(max=64)],
                       description="按名称自动生成（如 hanbin-2021），可修改；只能用小写字母、数字和连字符，创建后不能更改。")
    name = StringField("创建活动名称", validators=[DataRequired("请填写创建活动名称。"), Length(max=200)])
    lead_days = IntegerField("提前预警天数", default=14, validators=[NumberRange(0, 365, "应在 0 到 365 之间。")])
    co_units_submit_separately = BooleanField(
        "配合单位单独提交审核", description="默认不勾选：配合单位的进展和材料随牵头单位一并提交，牵头单位审核通过后随牵头办结。"
                                   "勾选后每个配合单位单独提交、单独审核。单个任务可在任务编辑中另行设置。")
    light_yellow_workdays = IntegerField("黄灯：完成时限前几个工作日", default=5,
                                         validators=[NumberRange(0, 60, "应在 0 到 60 之间。")])
    light_yellow_due_soon = BooleanField("临期（阶段节点临近）也亮黄灯", default=True)
    ack_workdays = IntegerField("签收时限（工作日）", default=2,
                                validators=[NumberRange(0, 30, "签收时限应在 0 到 30 个工作日之间。")],
                                description="交办后几个工作日内应签收，超过未签收的列入催办；0 为不设时限。")
    mobilization = FormField(PhaseForm, "动员部署")
    implementation = FormField(PhaseForm, "组织实施")
    self_assessment = FormField(PhaseForm, "自查评估")
    acceptance = FormField(PhaseForm, "申报验收")
