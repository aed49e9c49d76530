from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.assignments.models import Assignment
from tracker.auth.models import User
from tracker.extensions import db
from tracker.timeutil import utcnow
from tracker.units.models import Unit


class Evidence(db.Model):
    """One stored file (佐证材料), owned by a unit; linked to one or more of its assignments."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))  # pdf, docx, xlsx, jpg …: checked by content
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    document_date: Mapped[date]
    page_count: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    unit: Mapped[Unit] = relationship()
    uploader: Mapped[User | None] = relationship()
    # the assignments it is linked to, read-only (links are made as EvidenceLink rows): the visibility policy
    # reads it to let a unit see the files of the assignments it may read, without knowing EvidenceLink
    assignments: Mapped[list[Assignment]] = relationship(secondary="evidence_links", viewonly=True)


class EvidenceLink(db.Model):
    """A file attached to an assignment; removing a link never removes the file from other assignments."""

    __tablename__ = "evidence_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    evidence: Mapped[Evidence] = relationship()
    assignment: Mapped[Assignment] = relationship()
    __table_args__ = (UniqueConstraint("evidence_id", "assignment_id"),)
