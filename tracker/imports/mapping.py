"""The mapping step of the import screen: an office decision for an unresolved text, kept as an alias."""
from tracker.extensions import db
from tracker.units.models import Unit
from tracker.units.services import UnitError, add_alias


def save_mappings(pairs, *, actor=None) -> int:
    """(text, unit id) pairs → aliases; blank choices are skipped. Returns how many were saved."""
    saved = 0
    for text, unit_id in pairs:
        text = (text or "").strip()
        if not text or not str(unit_id).isdigit():
            continue
        unit = db.session.get(Unit, int(unit_id))
        if unit is None:
            raise UnitError("所选单位不存在。")
        if add_alias(unit, text, actor=actor) is not None:
            saved += 1
    db.session.flush()
    return saved
