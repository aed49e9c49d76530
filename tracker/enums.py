"""Enums that carry their Chinese label and generate their CHECK constraint (HOUSE_STYLE 16).

    class Colour(LabeledEnum):
        RED = "red", "红"
    Colour.RED == "red"; Colour.RED.label == "红"; Colour.check("colour") -> CHECK (colour IN ('red'))
"""
from enum import StrEnum

from sqlalchemy import CheckConstraint


class LabeledEnum(StrEnum):
    """A string enum whose members are (value, label)."""

    def __new__(cls, value: str, label: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {m.value: m.label for m in cls}

    @classmethod
    def check(cls, column: str, name: str | None = None) -> CheckConstraint:
        """CHECK (column IN (...)) listing every member, named `name` (default: the column)."""
        listed = ", ".join(f"'{v}'" for v in cls.values())
        return CheckConstraint(f"{column} IN ({listed})", name=name or column)
