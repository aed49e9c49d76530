from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
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
    # 分管领导: copied on the 催办通知书 the escalation ladder sends the unit
    leader_in_charge: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # 停用: hidden from pickers and from list import, kept with its history (set only for a unit in no
    # list and no group, see units.services.retire_unit)
    retired_at: Mapped[datetime | None]
    aliases: Mapped[list["UnitAlias"]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.alias"
    )

    def __repr__(self) -> str:
        return f"<Unit {self.name}>"

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


class UnitAlias(db.Model):
    """Another way a list writes a unit's name (区文旅局 → 区文化和旅游局).

    One alias text may stand for an ordered list of units (两办 → 区委办, 区政府办): one row per unit, with
    `position` 0, 1, … giving the order (the first leads when the alias is named first). A text names one
    list only; units/services.py keeps that true and refuses to move an alias between units.
    """

    __tablename__ = "unit_aliases"
    __table_args__ = (UniqueConstraint("alias", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(100))  # leads the unique (alias, unit_id) index
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    unit: Mapped[Unit] = relationship(back_populates="aliases")
