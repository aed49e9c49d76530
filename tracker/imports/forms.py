from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField


class UploadForm(FlaskForm):
    campaign_id = SelectField("导入到创建活动", coerce=int, choices=[])
    file = FileField("责任清单（.xlsx）", validators=[FileRequired("请选择要上传的 .xlsx 文件。")])


class ConfirmForm(FlaskForm):
    """Confirm, discard and map buttons carry only the CSRF token; the data stays on the server."""
