from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class UnitForm(FlaskForm):
    name = StringField("单位名称（规范全称）", validators=[DataRequired("请填写单位名称。"), Length(max=100)])
    short_name = StringField("简称", validators=[Optional(), Length(max=50)])
    group_name = StringField("分组", validators=[Optional(), Length(max=50)],
                             description="如 镇办、群团；清单中写“各镇办”即指该组全部单位。")
    leader_in_charge = StringField("分管领导", validators=[Optional(), Length(max=100)],
                                   description="如 区政府副区长 张三；催办通知书抄送分管领导。")
    display_order = IntegerField("排序", default=0, validators=[Optional(), NumberRange(0, 9999)])
    aliases = StringField("别名（用“、”分隔）", validators=[Optional(), Length(max=500)])


class AliasForm(FlaskForm):
    alias = StringField("别名", validators=[DataRequired("请填写别名。"), Length(max=100)])


class RegistryUploadForm(FlaskForm):
    file = FileField("单位名册（.xlsx、.xls 或含表格的 .docx）", validators=[FileRequired("请选择要上传的单位名册文件。")])
