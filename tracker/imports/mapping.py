"""The mapping step of the import screen: an office decision for an unresolved text, kept as an alias."""
from tracker.extensions import db
from tracker.units.models import Unit
from tracker.units.services import UnitError, set_alias


def save_mappings(pairs, *, actor=None) -> int:
    """(text, [unit id, …]) pairs → aliases, the units in the given order (several units: a multi-unit
    alias such as 两办). Blank choices are skipped. Returns how many texts were saved."""
    saved = 0
    for text, unit_ids in pairs:
        text = (text or "").strip()
        ids = [int(i) for i in map(str, unit_ids) if i.isascii() and i.isdigit() and len(i) < 10]
        if not text or not ids:
            continue
        units = [db.session.get(Unit, i) for i in ids]
        if any(u is None for u in units):
            raise UnitError("所选单位不存在。")
        if set_alias(units, text, actor=actor):
            saved += 1
    db.session.flush()
    return saved
