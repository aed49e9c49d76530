"""Pieces of HTML a list repeats on every row or choice, built in Python (Jinja's per-value escaping and
attribute lookups were most of a list page's time). Every text from the data is escaped here, as Jinja would;
the fixed pieces (badges of a status) are built once.
"""
from collections.abc import Iterable

from markupsafe import Markup, escape

from tracker.assignments.models import STATUS_LABELS

STATUS_BADGES = {  # Bootstrap colour of each status badge
    "not_started": "secondary", "in_progress": "primary", "submitted": "info",
    "returned": "warning", "approved": "success", "closed_with_lead": "success",
}
STATUS_BADGE_HTML = {  # the badge of each status, as _macros.html's status_badge writes it
    k: Markup(f'<span class="badge text-bg-{c}" data-status="{k}">{escape(STATUS_LABELS[k])}</span>')  # noqa: S704
    for k, c in STATUS_BADGES.items()
}


def status_badge(status: str) -> Markup:
    if (known := STATUS_BADGE_HTML.get(status)) is not None:
        return known
    text = escape(status)
    return Markup(f'<span class="badge text-bg-secondary" data-status="{text}">{text}</span>')  # noqa: S704


def options(choices: Iterable[tuple], selected) -> Markup:
    """`<option>`s of (value, label) pairs, `selected` marked (compared as the value is: id or string)."""
    return Markup("".join(  # noqa: S704
        f'<option value="{escape(value)}" selected>{escape(label)}</option>' if value == selected
        else f'<option value="{escape(value)}" >{escape(label)}</option>' for value, label in choices))


def unit_chips(units: Iterable[tuple]) -> Markup:
    """The task list's chips: (unit name, role, status, chase count) → name, status badge, 催办 alarm."""
    parts = []
    for name, role, status, chases in units:
        alarm = f' <i class="bi bi-alarm text-danger" title="催办 {int(chases)} 次"></i>' if chases else ""
        lead = " chip-lead" if role == "lead" else ""
        parts.append(f'<span class="chip{lead}">{escape(name)} {status_badge(status)}{alarm}</span>')
    return Markup("".join(parts))  # noqa: S704
