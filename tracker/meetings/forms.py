from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.meetings.models import MeetingKind
from tracker.web.forms import FileOrPasteForm, choices

DECISION_ROWS = 5  # blank 议定事项 rows the meeting page offers (more: paste a table or upload a file)


class BodyForm(FlaskForm):
    name = StringField("联席会议名称", validators=[DataRequired("请填写联席会议名称。"), Length(max=200)])
    slug = StringField("标识（小写字母、数字、连字符）", validators=[Optional(), Length(max=64)],
                       description="留空则按名称自动生成；创建后不能更改。")
    office_unit_id = SelectField("办公室设在", coerce=int, choices=[])
    convener = StringField("召集人（姓名 职务）", validators=[Optional(), Length(max=150)],
                           description="如：张某某 副市长")
    deputies = TextAreaField("副召集人（每行一人：姓名 职务）", validators=[Optional(), Length(max=2000)])
    notice_number = StringField("印发文号", validators=[Optional(), Length(max=100)],
                                description="如：荆政办函〔2020〕38号")
    notice_date = DateField("印发日期", validators=[Optional()])


class MembersUploadForm(FileOrPasteForm):
    file = FileField("成员单位名单（.xlsx、.xls 或含表格的 .docx）")
    pasted = TextAreaField("或粘贴表格（从 Word、WPS 或 Excel 中选中整张表格复制）")


class MemberForm(FlaskForm):
    unit_id = SelectField("成员单位", coerce=int, choices=[])
    duty = TextAreaField("职责", validators=[Optional(), Length(max=4000)])


class DutyForm(FlaskForm):
    duty = TextAreaField("职责", validators=[Optional(), Length(max=4000)])


class LiaisonForm(FlaskForm):
    name = StringField("联络员姓名", validators=[DataRequired("请填写联络员姓名。"), Length(max=50)])
    post = StringField("职务", validators=[Optional(), Length(max=100)])
    phone = StringField("电话", validators=[Optional(), Length(max=50)])
    email = StringField("邮箱", validators=[Optional(), Length(max=200)])


class MeetingForm(FlaskForm):
    kind = SelectField("会议类型", choices=choices((k.value, k.label) for k in MeetingKind))
    held_on = DateField("会议日期", validators=[DataRequired("请填写会议日期。")])
    title = StringField("会议名称", validators=[DataRequired("请填写会议名称。"), Length(max=200)],
                        description="如：2022年第一次全体会议")
    place = StringField("地点", validators=[Optional(), Length(max=200)])
    chair = StringField("主持人", validators=[Optional(), Length(max=100)])
    agenda = TextAreaField("议程", validators=[Optional(), Length(max=20000)])
    minutes = TextAreaField("会议纪要", validators=[Optional(), Length(max=100000)])
    minutes_file = FileField("签发的会议纪要（PDF、Word 或图片）")


class DecisionsForm(FlaskForm):
    """议定事项 typed in rows (事项 | 责任单位 | 完成时限), or a 责任清单-shaped table uploaded or pasted."""

    file = FileField("或上传议定事项表（事项 | 责任单位 | 完成时限；.xlsx、.xls、.docx）")
    pasted = TextAreaField("或粘贴表格")

