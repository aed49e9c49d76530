"""The unit registry as a registry import sees it: every unit (retired too) indexed by each way a row may name it
(name, alias, short name), and the near-duplicate key that proposes 消防救援大队 as 区消防救援大队's alias instead
of a second unit. Read once per plan (registry_plan.py)."""
import re
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.units.models import Unit
from tracker.units.registry_io import RegistryBook

DISTRICT = re.compile(r"^[\u4e00-\u9fff]{2,3}?[区县]")
SUFFIX_VARIANTS = (("分局", "局"), ("大队", "队"), ("中队", "队"))


# --- near-duplicates -----------------------------------------------------------------------------------------


def district_names(names) -> set[str]:
    """District prefixes (汉滨区) that begin at least two of these names: dropped when comparing names."""
    counts = Counter(m.group(0) for n in names if (m := DISTRICT.match(n)) and len(n) > len(m.group(0)) + 1)
    return {d for d, n in counts.items() if n >= 2}


def near_key(name: str, districts: set[str]) -> str:
    """A name with 区 / the district name dropped and 分局 → 局, 大队 → 队: equal keys are near-duplicates."""
    text = name.strip()
    for d in sorted({*districts, *(d[:-1] for d in districts if len(d) > 2)}, key=len, reverse=True):
        if text.startswith(d) and len(text) > len(d) + 1:
            text = text[len(d):]
            break
    else:
        if text.startswith("区") and len(text) > 2:
            text = text[1:]
    for long, short in SUFFIX_VARIANTS:
        if text.endswith(long) and len(text) > len(long):
            return text[: -len(long)] + short
    return text


# --- the registry as it is -----------------------------------------------------------------------------------


class Snapshot:
    """Every unit (retired too) with its forms, indexed the ways a row may name it."""

    def __init__(self, units: list[Unit], districts: set[str]):
        self.units = units
        self.districts = districts
        self.by_name = {u.name: u for u in units}
        self.by_alias: dict[str, list[Unit]] = {}
        self.by_short: dict[str, list[Unit]] = {}
        self.near: dict[str, list[Unit]] = {}
        for u in units:
            for a in sorted(u.aliases, key=lambda a: (a.position, a.id or 0)):
                self.by_alias.setdefault(a.alias, []).append(u)
            if u.short_name:
                self.by_short.setdefault(u.short_name, []).append(u)
        single = {t for t, us in self.by_alias.items() if len(us) == 1}
        for u in units:
            for form in (u.name, *(a.alias for a in u.aliases if a.alias in single)):
                bucket = self.near.setdefault(near_key(form, districts), [])
                if u not in bucket:
                    bucket.append(u)

    def owners(self, text: str) -> list[tuple[Unit, str]]:
        """Units that have `text` as a form, and which form (单位名称 / 别名 / 简称)."""
        found = [(self.by_name[text], "单位名称")] if text in self.by_name else []
        found += [(u, "别名") for u in self.by_alias.get(text, [])]
        found += [(u, "简称") for u in self.by_short.get(text, [])]
        return found

    def forms(self, unit: Unit) -> set[str]:
        return {unit.name, *(a.alias for a in unit.aliases), *([unit.short_name] if unit.short_name else [])}


def load_snapshot(book: RegistryBook, districts=()) -> Snapshot:
    units = list(db.session.scalars(select(Unit).options(selectinload(Unit.aliases))
                                    .order_by(Unit.display_order, Unit.id)))
    names = [*(u.name for u in units), *(r.name for r in book.rows)]
    return Snapshot(units, {*districts, *district_names(names)})
