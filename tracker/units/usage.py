"""Where a unit is used, asked of the domains that give units work (a unit in no list and no group may retire).

The registry sits below those domains and may not import them (.importlinter), so it asks through a signal:
a domain connects a receiver to `unit_usage` that answers `(label, {unit_id: count})` for the ids it is sent
(tracker/assignments/assigning.py answers for the responsibility lists).
"""
from blinker import Namespace

_signals = Namespace()
unit_usage = _signals.signal("unit-usage")


def usage_of(unit_ids: list[int]) -> dict[int, list[str]]:
    """Per unit id, what uses it in words ("任务 3 项"); an empty list: used nowhere."""
    result: dict[int, list[str]] = {i: [] for i in unit_ids}
    if not unit_ids:
        return result
    for _receiver, (label, counts) in unit_usage.send(None, unit_ids=list(unit_ids)):
        for unit_id, n in counts.items():
            if n and unit_id in result:
                result[unit_id].append(f"{label} {n} 项")
    return result


def has_receivers() -> bool:
    """Whether any domain answers (without one, "used nowhere" cannot be told)."""
    return bool(unit_usage.receivers)
