from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from tracker.notifications.models import CHANNEL_KINDS
from tracker.web.forms import choices


class ChannelForm(FlaskForm):
    owner = SelectField("接收方", coerce=int, choices=[])
    kind = SelectField("类型", choices=choices(CHANNEL_KINDS.items()))
    target = StringField("地址", validators=[DataRequired("请填写地址。"), Length(max=500)])
    secret = PasswordField("加签密钥（钉钉，可选）", validators=[Optional(), Length(max=200)])
