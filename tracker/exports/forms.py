from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.fields import DateField
from wtforms.validators import Optional, ValidationError


class PackageForm(FlaskForm):
    """Options of the evidence package: archive layout and the date window."""

    archive = BooleanField("按档案盒（卷）整理，附总目录、卷内目录和档案盒标签")
    date_from = DateField("形成日期自", validators=[Optional()])
    date_to = DateField("至", validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("截止日期不能早于起始日期。")
