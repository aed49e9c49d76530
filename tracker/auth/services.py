"""Accounts: authentication with lock-out, creation, password changes, deactivation."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.audit.services import record_event
from tracker.auth import throttle
from tracker.auth.models import USER_ROLES, User, new_session_token
from tracker.auth.passwords import password_problem
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.timeutil import to_local, utcnow
from tracker.units.models import Unit

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
GENERIC = "用户名或密码错误。"
_DUMMY_HASHES: dict[str, str] = {}


class AccountError(Refusal):
    """A refused account operation; the message is shown to the user."""


@dataclass
class LoginResult:
    user: User | None
    error: str | None = None


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.strip().lower()))


def authenticate(username: str, password: str, now: datetime | None = None, address: str | None = None
                 ) -> LoginResult:
    """Check a login; count failures in the database so the lock holds across workers.

    Every answer costs one password hash and says the same for an unknown username as for a real one (an
    unknown name locks after the same number of tries); a client address that fails too often is refused
    for a while whatever the username."""
    now = now or utcnow()
    user = find_user(username)
    real = user is not None and user.active
    matches = user.check_password(password) if real else _dummy_check(password)
    addr_key = f"addr:{address}" if address else None
    if addr_key and (until := throttle.locked_until(addr_key, now)):
        return LoginResult(None, f"此地址登录失败次数过多，请于 {_local_time(until)} 后再试。")
    name_key = f"name:{username.strip().lower()}"
    until = (user.locked_until if real and user.locked_until and user.locked_until > now
             else None if real else throttle.locked_until(name_key, now))
    if addr_key and (until or not matches):  # every refused try counts against the address
        throttle.forget_old(now)
        throttle.count_failure(addr_key, now, throttle.MAX_FAILED_PER_ADDRESS, sliding=True)
    if until:
        return LoginResult(None, f"账号已锁定，请于 {_local_time(until)} 后再试。")
    if not matches:
        return _failed(user if real else None, name_key, now)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return LoginResult(user)


def _failed(user: User | None, name_key: str, now: datetime) -> LoginResult:
    if user is None:
        until = throttle.count_failure(name_key, now, MAX_FAILED_LOGINS, sliding=False)
    else:
        user.failed_logins += 1
        until = None
        if user.failed_logins >= MAX_FAILED_LOGINS:
            until = user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            record_event(None, "user.locked", user, f"连续 {MAX_FAILED_LOGINS} 次密码错误，账号锁定 15 分钟")
    if until:
        return LoginResult(None, f"密码错误次数过多，账号已锁定至 {_local_time(until)}。")
    return LoginResult(None, GENERIC)


def _dummy_check(password: str) -> bool:
    """Hash the password against a throw-away hash made like real ones: an unknown username costs the same."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(new_session_token(), method=method)
    check_password_hash(_DUMMY_HASHES[method], password)
    return False


def _local_time(ts: datetime) -> str:
    return to_local(ts).strftime("%H:%M")


def validate_password(password: str, username: str = "") -> None:
    """The policy (tracker/auth/passwords.py): ≥ 10 characters, not the username, not a common password."""
    if problem := password_problem(password, username):
        raise AccountError(problem)


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
        if not (unit_name or "").strip():
            raise AccountError("请选择联络员所属的责任单位。")
        unit = db.session.scalar(select(Unit).where(Unit.name == (unit_name or "").strip()))
        if unit is None:
            raise AccountError(f"找不到责任单位：{unit_name}")
    elif unit_name:
        raise AccountError("只有责任单位联络员需要选择单位。")
    if not demo:  # the demo's own accounts carry the published demo password
        validate_password(password, username)
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
    if user.role == "admin" and role != "admin" and _active_admins() <= 1:
        raise AccountError("这是最后一个系统管理员账号，不能改为其他角色：请先让另一个账号成为系统管理员。")
    before = {"role": user.role, "unit_id": user.unit_id, "display_name": user.display_name}
    user.role, user.unit, user.display_name = role, unit, display_name
    record_event(actor, "user.update", user, f"修改账号 {user.username}", before=before,
                 after={"role": role, "unit_id": unit.id if unit else None, "display_name": display_name})


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError("当前密码不正确。")
    validate_password(new, user.username)
    if current == new:
        raise AccountError("新密码不能与当前密码相同。")
    user.set_password(new)
    user.must_change_password = False
    record_event(user, "user.password", user, "修改密码")


def reset_password(user: User, new: str, actor: User) -> None:
    """Admin reset: the user must change it at the next login."""
    validate_password(new, user.username)
    user.set_password(new)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    record_event(actor, "user.reset_password", user, f"重置 {user.username} 的密码")


def _active_admins() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.role == "admin", User.active.is_(True)))


def end_session(user: User) -> None:
    """Logout: a new session token, so a copy of the old session or remember cookie no longer signs in."""
    user.session_token = new_session_token()


def set_active(user: User, active: bool, actor: User) -> None:
    if user.id == actor.id and not active:
        raise AccountError("不能停用自己的账号。")
    if not active and user.role == "admin" and user.active and _active_admins() <= 1:
        raise AccountError("不能停用最后一个系统管理员账号。")
    user.active = active
    user.session_token = new_session_token()
    record_event(actor, "user.activate" if active else "user.deactivate", user,
                 f"{'启用' if active else '停用'}账号 {user.username}")
