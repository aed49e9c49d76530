"""Who may see and who may change what: the one visibility policy (DESIGN.md "Roles", HOUSE_STYLE 9).

Every route and query that loads an object for a user asks this module; no other code scopes by unit or owner.
Routes still refuse a *function* of another role with 403 (`tracker.web.roles`); which *objects* a user may
see or change is decided here, and one they may not is `NotFound` (404), as if it did not exist.

S = may see, C = may change, "own" = only the user who created it (its user_id), – = nothing.

| kind (table)                  | admin, office | leader | unit liaison (联络员)                                |
|-------------------------------|---------------|--------|------------------------------------------------------|
| campaign (campaigns)          | S C           | S      | S the campaigns its unit holds an assignment in, and |
|                               |               |        | the joint-meeting bodies it is a member of           |
| task (tasks)                  | S C           | S      | S the tasks its unit holds an assignment on          |
| assignment (assignments)      | S C (review)  | S      | S C its unit's own; the page shows its peers (below) |
| evidence file (evidence)      | S C (details) | S      | S its unit's, and those on assignments it may read;  |
|                               |               |        | C its unit's                                         |
| evidence link (evidence_links)| S             | S      | S on assignments it may read; C on its own           |
| notification (notifications)  | own           | own    | own                                                  |
| 通报 circular (circulars)      | S C           | S      | S those of its campaigns (published to every unit)   |
| 批示 instruction (instructions)| S             | S      | S those on its unit or on a task it holds            |
| 督查 inspection (inspections)  | S C           | S      | –                                                    |
| 整改 rectification             | S C           | S      | S those given to its unit                            |
| 督办事项 (supervision_items)    | S C           | S      | S those on a task it holds (its 编号, 办复要求)       |
| 延期申请 (extension_requests)  | S C (decide)  | S      | S those on its unit's assignments (it files them on  |
|                               |               |        | the assignment, which it may change)                 |
| joint-meeting body, member,   | S C           | S      | S those of the bodies it may see (it is a member of, |
| meeting (joint_bodies,        |               |        | or holds a 议定事项 in): duties, the directory,      |
| body_members, meetings)       |               |        | minutes                                              |
| 督办升级 step taken           | S C           | S      | S those on its unit's assignments (its documents)    |
| (escalation_records)          |               |        |                                                      |
| export job (a job file)       | own           | own    | own                                                  |
| import preview (staged file)  | own           | own    | own                                                  |
| indicator (indicators)        | S C           | S      | S those it is responsible for (it reports on them)   |
| indicator value               | S C (review)  | S      | S those of its indicators; C its unit's own          |
| (indicator_values)            |               |        |                                                      |
| report cycle (report_cycles)  | S C           | S      | S the cycles it owes a report in                     |
| report (reports)              | S C (review)  | S      | S C its unit's own only                              |

The office may correct a file's details (标题, 材料形成日期) with a reason; when a unit may is evidence/details.py.
A unit that may see an indicator may report a value on it (the reporting service also checks the role).
Nobody changes a 批示 (leaders write new ones: a function of their role). An import preview is found by its
campaign and token, so the URL's campaign is the preview's; the policy then lets only its uploader in.

Peers (配合单位 feed the 牵头单位): on its own assignment's page a lead unit reads its co-units' progress and
files, a co-unit reads the lead's (not the other co-units'). Reading a peer's work never opens the peer's
assignment page, which stays 404. Anyone not logged in sees nothing.

How to call it:
- `fetch(user, Model, id, *options, change=False)`: one object in one query, or NotFound.
- `require(user, obj, kind=None, change=False)`: an object loaded otherwise (a job file, a staged import).
- `scope(user, Model, change=False)`: the SQL condition for lists, `select(M).where(scope(user, M))`.
- `visible_campaign_ids`, `visible_task_ids`, `readable_assignment_ids`: the id selects the rules stand on.
The rules read only attributes such objects have (unit_id, user_id, campaign_id, task_id, assignment_id,
`Evidence.assignments`, `responsible_units`, `Campaign.members` — mapped by tracker/meetings), so this core module never imports the models of the domains above it (.importlinter).
"""
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, false, or_, select, true

from tracker.assignments.models import Assignment, Role
from tracker.campaigns.models import Campaign
from tracker.errors import NotFound
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.units.models import Unit

READERS = frozenset({"admin", "office", "leader"})  # see every object of every campaign
RUNNERS = frozenset({"admin", "office"})  # and change those the office runs


class Kind(StrEnum):
    """What an object is, for the rules: its table name, or a name for objects kept outside the database."""

    CAMPAIGN = "campaigns"
    TASK = "tasks"
    ASSIGNMENT = "assignments"
    EVIDENCE = "evidence"
    EVIDENCE_LINK = "evidence_links"
    NOTIFICATION = "notifications"
    CIRCULAR = "circulars"
    INSTRUCTION = "instructions"
    INSPECTION = "inspections"
    RECTIFICATION = "rectifications"
    SUPERVISION_ITEM = "supervision_items"
    INDICATOR = "indicators"
    ESCALATION = "escalation_records"
    INDICATOR_VALUE = "indicator_values"
    REPORT_CYCLE = "report_cycles"
    REPORT = "reports"
    EXTENSION_REQUEST = "extension_requests"
    JOINT_BODY = "joint_bodies"
    MEMBER = "body_members"
    MEETING = "meetings"
    EXPORT_JOB = "export_job"
    IMPORT_PREVIEW = "import_preview"


def _role(user) -> str | None:
    return getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None


def sees_everything(user) -> bool:
    return _role(user) in READERS


def _runs(user) -> bool:
    return _role(user) in RUNNERS


def _is_unit(user) -> bool:
    return _role(user) == "unit"


# --- the id selects the rules stand on (higher domains scope their queries with them) -----------------------


def own_assignment_ids(user) -> Select:
    """The user's unit's assignments (none for other roles)."""
    return select(Assignment.id).where(Assignment.unit_id == user.unit_id if _is_unit(user) else false())


def visible_task_ids(user) -> Select:
    """Tasks the user may see: all for readers; for a unit, those it holds an assignment on."""
    if sees_everything(user):
        return select(Task.id)
    return select(Assignment.task_id).where(Assignment.unit_id == user.unit_id if _is_unit(user) else false())


def visible_campaign_ids(user) -> Select:
    """Campaigns the user may see: all for readers; for a unit, those it holds an assignment in and the
    joint-meeting bodies it is a member of (its duty is there before any matter is assigned to it)."""
    if sees_everything(user):
        return select(Campaign.id)
    holds = select(Task.campaign_id).where(Task.id.in_(visible_task_ids(user)))
    member_of = Campaign.members.any(unit_id=user.unit_id) if _is_unit(user) else false()
    return select(Campaign.id).where(or_(Campaign.id.in_(holds), member_of))


def _holds_work_in(user, campaign_id) -> ColumnElement[bool]:
    """The unit holds an assignment in the campaign: EXISTS, which stops at the first (no id list is built)."""
    return exists().where(Assignment.unit_id == user.unit_id, Assignment.task_id == Task.id,
                          Task.campaign_id == campaign_id)


def readable_assignment_ids(user) -> Select:
    """Assignments whose work (progress, files) the user may read: its own and, per task, its peers'."""
    if sees_everything(user):
        return select(Assignment.id)
    own = select(Assignment.task_id, Assignment.role).where(Assignment.id.in_(own_assignment_ids(user))).subquery()
    return (select(Assignment.id).join(own, own.c.task_id == Assignment.task_id)
            .where(or_(Assignment.unit_id == user.unit_id, own.c.role == Role.LEAD, Assignment.role == Role.LEAD)))


def peers_visible_to(user, a: Assignment) -> list[Assignment]:
    """The other units' assignments on a's task whose work the user may read on a's page (the peer rule)."""
    others = [p for p in a.task.assignments if p.id != a.id]
    if sees_everything(user):
        return others
    if not _is_unit(user) or a.unit_id != user.unit_id:
        return []
    return [p for p in others if Role.LEAD in (a.role, p.role)]


# --- the rules, in SQL: (user, model, change) -> a condition on the model's columns -----------------------------

SqlRule = Callable[[Any, Any, bool], ColumnElement[bool]]


def _flag(allowed: bool) -> ColumnElement[bool]:
    return true() if allowed else false()


def _office_runs(unit_sees: Callable[[Any, Any], ColumnElement[bool]]) -> SqlRule:
    """Readers see all, admin and office change, a unit sees what `unit_sees` says and changes nothing."""

    def rule(user, m, change: bool) -> ColumnElement[bool]:
        if change:
            return _flag(_runs(user))
        if sees_everything(user):
            return true()
        return unit_sees(user, m) if _is_unit(user) else false()

    return rule


def _assignment(user, m, change: bool) -> ColumnElement[bool]:
    if _runs(user) or (sees_everything(user) and not change):
        return true()
    return (m.unit_id == user.unit_id) if _is_unit(user) else false()


def _evidence(user, m, change: bool) -> ColumnElement[bool]:
    if not _is_unit(user):
        return _flag(_runs(user) if change else sees_everything(user))
    if change:
        return m.unit_id == user.unit_id
    return or_(m.unit_id == user.unit_id, m.assignments.any(Assignment.id.in_(readable_assignment_ids(user))))


def _evidence_link(user, m, change: bool) -> ColumnElement[bool]:
    if not _is_unit(user):
        return _flag(sees_everything(user) and not change)
    return m.assignment_id.in_(own_assignment_ids(user) if change else readable_assignment_ids(user))


def _instruction(user, m, change: bool) -> ColumnElement[bool]:
    if change or not (_is_unit(user) or sees_everything(user)):
        return false()  # a 批示 is never edited; leaders write new ones (a function of their role)
    if sees_everything(user):
        return true()
    return or_(m.unit_id == user.unit_id, m.task_id.in_(visible_task_ids(user)))


def _responsible(user, m) -> ColumnElement[bool]:
    """The unit is one of the object's `responsible_units` (an indicator's, or its value's indicator's, or
    the units a report cycle names as owing)."""
    return m.responsible_units.any(Unit.id == user.unit_id)


def _indicator_value(user, m, change: bool) -> ColumnElement[bool]:
    if _runs(user) or (sees_everything(user) and not change):
        return true()  # the office reviews (approves or returns) every value
    if not _is_unit(user):
        return false()
    return (m.unit_id == user.unit_id) if change else _responsible(user, m)


def _own(user, m, change: bool) -> ColumnElement[bool]:
    return m.user_id == user.id


SQL_RULES: dict[Kind, SqlRule] = {
    Kind.CAMPAIGN: _office_runs(lambda user, m: or_(_holds_work_in(user, m.id), m.members.any(unit_id=user.unit_id))),
    Kind.TASK: _office_runs(lambda user, m: m.id.in_(visible_task_ids(user))),
    Kind.ASSIGNMENT: _assignment,
    Kind.EVIDENCE: _evidence,
    Kind.EVIDENCE_LINK: _evidence_link,
    Kind.NOTIFICATION: _own,
    Kind.CIRCULAR: _office_runs(lambda user, m: m.campaign_id.in_(visible_campaign_ids(user))),
    Kind.INSTRUCTION: _instruction,
    Kind.INSPECTION: _office_runs(lambda user, m: false()),
    Kind.RECTIFICATION: _office_runs(lambda user, m: m.task_id.in_(visible_task_ids(user))),
    Kind.SUPERVISION_ITEM: _office_runs(lambda user, m: m.task_id.in_(visible_task_ids(user))),
    Kind.INDICATOR: _office_runs(_responsible),
    Kind.ESCALATION: _office_runs(lambda user, m: m.assignment_id.in_(own_assignment_ids(user))),
    Kind.INDICATOR_VALUE: _indicator_value,
    Kind.REPORT_CYCLE: _office_runs(_responsible),
    Kind.REPORT: _assignment,  # the office reviews every report, leaders read, a unit sees and edits its own
    Kind.EXTENSION_REQUEST: _office_runs(lambda user, m: m.assignment_id.in_(own_assignment_ids(user))),
    Kind.JOINT_BODY: _office_runs(lambda user, m: m.campaign_id.in_(visible_campaign_ids(user))),
    Kind.MEMBER: _office_runs(lambda user, m: m.campaign_id.in_(visible_campaign_ids(user))),
    Kind.MEETING: _office_runs(lambda user, m: m.campaign_id.in_(visible_campaign_ids(user))),
}

# --- the same rules for an object already in hand, where they read only its own fields (no query) ------------


def _field(obj, name: str):
    return obj[name] if isinstance(obj, Mapping) else getattr(obj, name)


def _py_assignment(user, a, change: bool) -> bool:
    if _runs(user) or (sees_everything(user) and not change):
        return True
    return _is_unit(user) and a.unit_id == user.unit_id


def _py_own(user, obj, change: bool) -> bool:
    return _field(obj, "user_id") == user.id


PY_RULES: dict[Kind, Callable[[Any, Any, bool], bool]] = {
    Kind.ASSIGNMENT: _py_assignment,
    Kind.NOTIFICATION: _py_own,
    Kind.EXPORT_JOB: _py_own,  # a job file (a mapping) of tracker.exports.jobs
    Kind.IMPORT_PREVIEW: _py_own,  # tracker.imports.staging.StagedImport
}


# --- the entry points ---------------------------------------------------------------------------------------


def scope(user, model, *, change: bool = False) -> ColumnElement[bool]:
    """The SQL condition selecting the rows of `model` the user may see (or change)."""
    if _role(user) is None:
        return false()
    return SQL_RULES[Kind(model.__tablename__)](user, model, change)


def fetch(user, model, object_id, *options, change: bool = False):
    """Load one object the user may see (or change), with loader `options`, in one query; else NotFound."""
    stmt = select(model).where(model.id == object_id, scope(user, model, change=change)).options(*options)
    found = db.session.execute(stmt).unique().scalar_one_or_none()
    if found is None:
        raise NotFound()
    return found


def _allowed(user, obj, kind: Kind | None, change: bool) -> bool:
    if obj is None or _role(user) is None:
        return False
    kind = Kind(kind or type(obj).__tablename__)
    if kind in PY_RULES:
        return PY_RULES[kind](user, obj, change)
    model = type(obj)
    probe = select(model.id).where(model.id == obj.id, scope(user, model, change=change))
    return db.session.scalar(probe) is not None


def may_see(user, obj, kind: Kind | None = None) -> bool:
    """Whether the user may see this object (`kind` for objects outside the database)."""
    return _allowed(user, obj, kind, change=False)


def may_change(user, obj, kind: Kind | None = None) -> bool:
    """Whether the user may change this object (`kind` for objects outside the database)."""
    return _allowed(user, obj, kind, change=True)


def require(user, obj, kind: Kind | None = None, *, change: bool = False):
    """The object, if the user may see (or change) it; NotFound for None or for an object they may not."""
    if not _allowed(user, obj, kind, change):
        raise NotFound()
    return obj


def assignment_for(user, assignment_id: int, *options, change: bool = False) -> Assignment:
    """An assignment the user may open (a unit: its own unit's), or NotFound."""
    return fetch(user, Assignment, assignment_id, *options, change=change)


def task_for(user, task_id: int, *options, change: bool = False) -> Task:
    """A task the user may see (a unit: one it holds an assignment on), or NotFound."""
    return fetch(user, Task, task_id, *options, change=change)
