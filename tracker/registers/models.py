"""发文登记: 文号 handed out per (机关代字, year), never reused; and the office's own red-header template."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.dialects.mysql import MEDIUMBLOB
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from tracker.auth.models import User
from tracker.enums import LabeledEnum
from tracker.extensions import db
from tracker.timeutil import utcnow

TEMPLATE_BLOB = LargeBinary().with_variant(MEDIUMBLOB(), "mysql", "mariadb")  # up to 16 MB on MariaDB


class DocKind(LabeledEnum):
    """What a number is issued for; each kind takes its 机关代字 from the settings (kinds may share one)."""

    CIRCULAR = "circular", "通报"
    NOTICE = "notice", "督办单"
    URGE = "urge", "催办通知书"
    ITEM = "item", "督办事项"


class RegisterPrefix(db.Model):
    """The 机关代字 a kind of document is numbered under (e.g. 汉创办发). Kinds with one 代字 share a sequence."""

    __tablename__ = "register_prefixes"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(30))
    __table_args__ = (DocKind.check("kind"),)


class RegisterCounter(db.Model):
    """The last serial handed out under a 代字 in a year: the row an issue locks (UPDATE … SET last = last + 1)."""

    __tablename__ = "register_counters"
    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(30))
    year: Mapped[int]
    last: Mapped[int] = mapped_column(default=0)
    __table_args__ = (UniqueConstraint("prefix", "year"), CheckConstraint("last >= 0", name="last_nonnegative"))


class RegisterEntry(db.Model):
    """One 文号 issued: 代字〔年份〕序号号, what it numbers, when and by whom. Never deleted, never reused."""

    __tablename__ = "register_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(30))
    year: Mapped[int]
    serial: Mapped[int]
    number_text: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date]
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by: Mapped[User | None] = relationship()
    __table_args__ = (UniqueConstraint("prefix", "year", "serial"),
                      CheckConstraint("serial > 0", name="serial_positive"), DocKind.check("kind"))

    @property
    def kind_label(self) -> str:
        return DocKind(self.kind).label


class Letterhead(db.Model):
    """The office's own red-header (红头) template, a .docx with placeholders; one per instance (slot 'office')."""

    __tablename__ = "letterheads"
    id: Mapped[int] = mapped_column(primary_key=True)
    slot: Mapped[str] = mapped_column(String(20), unique=True, default="office")
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int]
    data: Mapped[bytes] = deferred(mapped_column(TEMPLATE_BLOB, nullable=False))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by: Mapped[User | None] = relationship()
