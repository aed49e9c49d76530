from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from tracker.auth.models import ROLE_LABELS
from tracker.web.forms import choices


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired("请输入密码。")])
    remember = BooleanField("记住我")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("当前密码", validators=[DataRequired("请输入当前密码。")])
    new = PasswordField("新密码", validators=[DataRequired("请输入新密码。"), Length(min=10, message="密码至少 10 位。")])
    confirm = PasswordField("确认新密码", validators=[EqualTo("new", message="两次输入的新密码不一致。")])


class UserForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired("请输入用户名。"), Length(max=64)])
    display_name = StringField("姓名/称呼", validators=[Optional(), Length(max=100)])
    # most accounts are liaison officers; an administrator is never created by just clicking 创建
    role = SelectField("角色", choices=choices(ROLE_LABELS.items()), default="unit")
    unit_id = SelectField("责任单位", coerce=int, choices=[])
    password = PasswordField("初始密码", validators=[Optional(), Length(min=10, message="密码至少 10 位。")])


class ResetPasswordForm(FlaskForm):
    password = PasswordField("新密码", validators=[DataRequired("请输入新密码。"), Length(min=10, message="密码至少 10 位。")])
