"""Accounts: authentication with lock-out, creation, password changes, deactivation."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from tracker.audit.services import record_event
from tracker.auth.models import USER_ROLES, User, new_session_token
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.timeutil import to_local, utcnow
from tracker.units.models import Unit

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8


class AccountError(Refusal):
    """A refused account operation; the message is shown to the user."""


@dataclass
class LoginResult:
    user: User | None
    error: str | None = None


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.strip().lower()))


def authenticate(username: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check a login; count failures in the database so the lock holds across workers."""
    now = now or utcnow()
    user = find_user(username)
    generic = "用户名或密码错误。"
    if user is None or not user.active:
        return LoginResult(None, generic)
    if user.locked_until and user.locked_until > now:
        return LoginResult(None, f"账号已锁定，请于 {_local_time(user.locked_until)} 后再试。")
    if not user.check_password(password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            record_event(None, "user.locked", user, f"连续 {MAX_FAILED_LOGINS} 次密码错误，账号锁定 15 分钟")
            return LoginResult(None, f"密码错误次数过多，账号已锁定至 {_local_time(user.locked_until)}。")
        return LoginResult(None, generic)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return LoginResult(user)


def _local_time(ts: datetime) -> str:
    return to_local(ts).strftime("%H:%M")


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少 {MIN_PASSWORD_LENGTH} 位。")


def create_user(
    username: str, role: str, password: str, *, display_name: str | None = None,
    unit_name: str | None = None, actor: User | None = None, must_change: bool = False, demo: bool = False,
) -> User:
    """Create an account; a unit liaison must name an existing unit. `demo`: one of the demo's own accounts."""
    username = username.strip().lower()
    if not username:
        raise AccountError("用户名不能为空。")
    if role not in USER_ROLES:
        raise AccountError(f"未知角色：{role}")
    if find_user(username):
        raise AccountError(f"用户名已存在：{username}")
    unit = None
    if role == "unit":
        unit = db.session.scalar(select(Unit).where(Unit.name == (unit_name or "").strip()))
        if unit is None:
            raise AccountError(f"找不到责任单位：{unit_name or '（未填写）'}")
    elif unit_name:
        raise AccountError("只有责任单位联络员需要选择单位。")
    validate_password(password)
    user = User(username=username, role=role, unit=unit, display_name=display_name or username,
                must_change_password=must_change, demo=demo)
    user.set_password(password)
    db.session.add(user)
    record_event(actor, "user.create", user, f"创建账号 {username}（{user.role_label}）")
    return user


def update_user(user: User, *, role: str, unit: Unit | None, display_name: str, actor: User) -> None:
    if role not in USER_ROLES:
        raise AccountError(f"未知角色：{role}")
    if (role == "unit") != (unit is not None):
        raise AccountError("责任单位联络员必须选择单位，其他角色不选单位。")
    before = {"role": user.role, "unit_id": user.unit_id, "display_name": user.display_name}
    user.role, user.unit, user.display_name = role, unit, display_name
    record_event(actor, "user.update", user, f"修改账号 {user.username}", before=before,
                 after={"role": role, "unit_id": unit.id if unit else None, "display_name": display_name})


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError("当前密码不正确。")
    validate_password(new)
    if current == new:
        raise AccountError("新密码不能与当前密码相同。")
    user.set_password(new)
    user.must_change_password = False
    record_event(user, "user.password", user, "修改密码")


def reset_password(user: User, new: str, actor: User) -> None:
    """Admin reset: the user must change it at the next login."""
    validate_password(new)
    user.set_password(new)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    record_event(actor, "user.reset_password", user, f"重置 {user.username} 的密码")


def set_active(user: User, active: bool, actor: User) -> None:
    if user.id == actor.id and not active:
        raise AccountError("不能停用自己的账号。")
    user.active = active
    user.session_token = new_session_token()
    record_event(actor, "user.activate" if active else "user.deactivate", user,
                 f"{'启用' if active else '停用'}账号 {user.username}")
