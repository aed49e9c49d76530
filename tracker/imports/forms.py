from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField

from tracker.web.forms import FileOrPasteForm

ACCEPT = ".xlsx,.xls,.docx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet," \
         "application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class UploadForm(FileOrPasteForm):
    campaign_id = SelectField("导入到创建活动", coerce=int, choices=[])
    file = FileField("责任清单文件（.xlsx、.xls 或含表格的 .docx）")
    # the paste box: tab-separated text, or the clipboard's HTML table (copied into this field by a script)
    pasted = TextAreaField("或粘贴表格（从 Word、WPS 或 Excel 中选中整张表格复制）")


class ConfirmForm(FlaskForm):
    """Confirm, discard and map buttons carry only the CSRF token; the data stays on the server (also on a body's
    member-directory preview)."""
