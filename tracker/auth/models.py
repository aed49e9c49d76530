import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.extensions import db
from tracker.timeutil import utcnow
from tracker.units.models import Unit

USER_ROLES = ("admin", "office", "unit", "leader")
ROLE_LABELS = {"admin": "系统管理员", "office": "领导小组办公室", "unit": "责任单位联络员", "leader": "领导"}


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    # stored lower-cased, so uniqueness is case-insensitive on every database
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # an account `tracker demo` made (its password is the published demo password; `tracker demo --logins`)
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    # changes on password change or deactivation: every session bound to the old token ends
    session_token: Mapped[str] = mapped_column(String(32), unique=True, default=new_session_token)
    last_login_at: Mapped[datetime | None]
    # the campaign the user last chose in the top bar: where they land next time (assignments/current.py)
    last_campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the bell's count: kept by tracker/notifications/counter.py in the transaction that adds or reads a message
    unread_notifications: Mapped[int] = mapped_column(default=0, server_default="0")
    unit: Mapped[Unit | None] = relationship()
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'office', 'unit', 'leader')", name="role"),
        CheckConstraint(
            "(role = 'unit' AND unit_id IS NOT NULL) OR (role <> 'unit' AND unit_id IS NULL)",
            name="unit_iff_unit_role",
        ),
    )

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:  # flask-login
        return self.active

    def set_password(self, password: str) -> None:
        # tests set a cheap method; production keeps scrypt
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if current_app else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


class LoginThrottle(db.Model):
    """Failed logins counted by a key no account row holds: `addr:<ip>` (per client address, so one address
    cannot lock every account) and `name:<username>` (an unknown username is locked exactly like a real one,
    so the answer never tells which usernames exist)."""

    __tablename__ = "login_throttles"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
