"""Pieces of HTML a list repeats on every row or choice, built in Python (Jinja's per-value escaping and
attribute lookups were most of a list page's time). Every text from the data is escaped here, as Jinja would;
the fixed pieces (badges of a status) are built once.
"""
from collections.abc import Iterable
from datetime import date
from itertools import groupby

from flask import current_app, url_for
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from tracker.assignments.due import due_text_of
from tracker.assignments.lights import LIGHT_BADGES, LIGHT_LABELS
from tracker.assignments.models import ROLE_LABELS, STATUS_LABELS
from tracker.campaigns.models import PHASE_LABELS
from tracker.web.templating import fmt_dt

STATUS_BADGES = {  # Bootstrap colour of each status badge
    "not_started": "secondary", "in_progress": "primary", "submitted": "info",
    "returned": "warning", "approved": "success", "closed_with_lead": "success",
}
STATUS_BADGE_HTML = {  # the badge of each status (the templates call status_badge: a global)
    k: Markup(f'<span class="badge text-bg-{c}" data-status="{k}">{escape(STATUS_LABELS[k])}</span>')  # noqa: S704
    for k, c in STATUS_BADGES.items()
}


def status_badge(status: str) -> Markup:
    if (known := STATUS_BADGE_HTML.get(status)) is not None:
        return known
    text = escape(status)
    return Markup(f'<span class="badge text-bg-secondary" data-status="{text}">{text}</span>')  # noqa: S704


def light_html(light: str, reason: str) -> Markup:
    """亮灯: the colour always with its label, the reason as its tooltip (tracker/assignments/lights.py)."""
    return Markup(  # noqa: S704 (the reason escaped)
        f'<span class="badge text-bg-{LIGHT_BADGES[light]}" data-light="{light}" title="{escape(reason)}">'
        f'{LIGHT_LABELS[light]}</span>')


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


def _truncate(text: str, length: int) -> str:
    """Jinja's `truncate` filter (same leeway and ellipsis)."""
    return do_truncate(current_app.jinja_env, text, length)


def _note_cell(note) -> str:
    if note is None:
        return '<span class="text-muted">—</span>'
    return f'<span class="text-muted">{escape(fmt_dt(note.created_at))}</span><br>{escape(_truncate(note.text, 40))}'


def _due_cell(r, today: date) -> str:
    due = r.due
    if due.ongoing:
        cell = "长期" + (f'<br><span class="small text-muted text-wrap">自评材料应于 <span class="text-nowrap">'
                       f'{due.due.isoformat()}</span> 前提交</span>' if due.due else "")
    else:
        cell = str(escape(due.text))
    if due.due:
        cell += f"<br>{days_left(due.due, today, r.owes)}"
    return cell


def days_left(due: date | None, today: date, owes: bool = True) -> Markup:
    """长期, 逾期 N 天 or 剩 N 天; `owes`: the unit owes the work (states.owes_work) — a co-unit feeding its lead, or
    work submitted or done, shows no countdown."""
    if due is None:
        return Markup('<span class="text-muted">长期</span>')
    if owes and due < today:
        return Markup(f'<span class="badge text-bg-danger">逾期 {(today - due).days} 天</span>')  # noqa: S704
    if owes:
        return Markup(f'<span class="text-muted">剩 {(due - today).days} 天</span>')  # noqa: S704
    return Markup("")


def _flag_badges(flags) -> str:
    """The 临期 flags with their gate (overdue shows through the due cell)."""
    return "".join(f' <span class="badge text-bg-warning" data-flag="due_soon" title="在{escape(PHASE_LABELS[f.gate])}'
                   f'阶段开始前到期，尚未提交">临期·{escape(PHASE_LABELS[f.gate])}前</span>'
                   for f in flags if f.kind == "due_soon")


def _item_badge(item) -> str:
    """The 督办事项 a task is (its number), after the task's title."""
    if item is None:
        return ""
    return (f' <span class="badge text-bg-primary" data-testid="item-number" title="督办事项（{escape(item.source_label)}）">'
            f'督办 {escape(item.number)}</span>')


def my_row(r, today: date) -> Markup:
    """One row of 我的任务 (pages/workspace_queries.Row): task, role, due date, light and status, latest note
    and the office's latest reason."""
    a = r.assignment
    chip = f'<span class="chip text-nowrap {"chip-lead" if a.role == "lead" else ""}">{escape(a.role_label)}</span>'
    chip_phone = chip.replace("text-nowrap ", "text-nowrap d-sm-none ", 1)
    light = light_html(r.light, r.reason)
    return Markup(  # noqa: S704 (every text from the data escaped above)
        f'\n  <tr data-assignment="{a.id}">\n'
        f'    <td><a href="{url_for("assignments.detail", assignment_id=a.id)}">'
        f'{escape(_truncate(a.task.title, 80))}</a>{_item_badge(a.task.supervision_item)}\n      {chip_phone}</td>\n'
        f'    <td class="d-none d-sm-table-cell">{chip}</td>\n'
        f'    <td class="text-nowrap" data-testid="deadline">{_due_cell(r, today)}</td>'
        f'<td>{light} {status_badge(a.status)}{_flag_badges(r.flags)}</td>\n'
        f'    <td class="d-none d-md-table-cell small">{_note_cell(r.latest)}</td>\n'
        f'    <td class="d-none d-md-table-cell small">{_note_cell(r.comment)}</td>\n'
        f'  </tr>\n  ')


def by_category(rows) -> list[tuple[str, list]]:
    """The page's rows grouped by category (as Jinja's groupby on the category's sequence): [(name, rows)]."""
    def key(r):
        return r.assignment.task.category.sequence
    return [(group[0].assignment.task.category.name, group)
            for group in (list(g) for _, g in groupby(sorted(rows, key=key), key=key))]


def queue_row(r, returns: dict, campaign) -> Markup:
    """One row of the review queue (review/queue.py queue_select's plain rows)."""
    returned = f' <span class="badge text-bg-warning">退回 {returns[r.id]} 次</span>' if returns.get(r.id) else ""
    return Markup(  # noqa: S704 (every text from the data escaped)
        f'\n      <tr>\n'
        f'        <td><input type="checkbox" class="form-check-input" name="ids" value="{r.id}" aria-label="选择"></td>\n'
        f'        <td>{escape(r.title)}{returned}</td>\n'
        f'        <td class="text-nowrap">{escape(r.category)}</td>\n'
        f'        <td>{escape(r.unit)} <small class="text-muted">{escape(ROLE_LABELS.get(r.role, r.role))}</small></td>\n'
        f'        <td class="text-nowrap">{escape(fmt_dt(r.submitted_at))}</td>\n'
        f'        <td class="text-nowrap">{escape(due_text_of(r.due_on, r.deadline, campaign).text)}</td>\n'
        f'        <td>{status_badge(r.status)}</td>\n'
        f'        <td class="text-nowrap"><a class="btn btn-sm btn-primary" '
        f'href="{url_for("review.detail", assignment_id=r.id)}">审核</a></td>\n'
        f'      </tr>\n    ')
