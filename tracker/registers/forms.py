from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from tracker.registers.models import DocKind
from tracker.web.forms import choices


class PrefixForm(FlaskForm):
    kind = SelectField("文种", choices=choices([(k.value, k.label) for k in DocKind]))
    prefix = StringField("机关代字", validators=[DataRequired("请填写机关代字。"), Length(max=30)])


class LetterheadForm(FlaskForm):
    file = FileField("红头模板（.docx）", render_kw={"accept": ".docx,application/vnd.openxmlformats-officedocument."
                                                             "wordprocessingml.document"})


class ButtonForm(FlaskForm):
    """A button that carries only the CSRF token."""
