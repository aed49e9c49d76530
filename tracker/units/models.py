from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.timeutil import utcnow


class Unit(db.Model):
    """A responsible unit (责任单位): a department, town office or body."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(50))
    group_name: Mapped[str | None] = mapped_column(String(50), index=True)
    display_order: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    aliases: Mapped[list["UnitAlias"]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.alias"
    )

    def __repr__(self) -> str:
        return f"<Unit {self.name}>"


class UnitAlias(db.Model):
    """Another way a list writes a unit's name (区文旅局 → 区文化和旅游局). Unique across units."""

    __tablename__ = "unit_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(100), unique=True)
    unit: Mapped[Unit] = relationship(back_populates="aliases")
