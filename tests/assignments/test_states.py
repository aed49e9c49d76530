"""The one table of transitions: it refuses what it does not list (by status, role and own unit), each applied
transition writes one audit event, and "who owes the work" agrees in Python and SQL."""
import pytest
from sqlalchemy import func, select

from tests.assignments.conftest import assignment_of
from tracker.assignments.models import STATUSES, Assignment, Status
from tracker.assignments.states import (
    OFFICE,
    TRANSITIONS,
    TransitionRefused,
    apply_transition,
    owes_work,
    owes_work_clause,
    submits_itself,
    submits_itself_clause,
)
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.tasks.models import Task

ROLES = ("admin", "office", "leader", "unit")


def _subject(world, name: str) -> Assignment:
    """An assignment the transition's holder rule accepts: a co-unit (feeding its lead) or the lead."""
    holder = TRANSITIONS[name].holder
    return assignment_of(world, 0, "fg" if holder == "co" else "wj")


def _actor(world, name: str, role: str | None = None):
    """A user of `role` (default: the transition's first role); a unit user is the assignment's own liaison."""
    role = role or TRANSITIONS[name].roles[0]
    unit_key = "fg" if TRANSITIONS[name].holder == "co" else "wj"
    return world.users[unit_key if role == "unit" else role]


def _put(a: Assignment, status: str) -> None:
    a.status = status  # test set-up: the state under test, not a transition
    db.session.flush()


def _events() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


REFUSED_BY_STATUS = [(n, s) for n, t in TRANSITIONS.items() for s in STATUSES if s not in t.sources]
ALLOWED = [(n, t.sources[0]) for n, t in TRANSITIONS.items()]
REFUSED_BY_ROLE = [(n, r) for n, t in TRANSITIONS.items() for r in ROLES if r not in t.roles]


@pytest.mark.parametrize(("name", "status"), REFUSED_BY_STATUS)
def test_a_transition_is_refused_from_a_status_it_does_not_list(world, name, status):
    a = _subject(world, name)
    _put(a, status)
    before = _events()
    with pytest.raises(TransitionRefused) as exc:
        apply_transition(a, name, _actor(world, name))
    assert exc.value.status == 409 and a.status == status and _events() == before


@pytest.mark.parametrize(("name", "role"), REFUSED_BY_ROLE)
def test_a_transition_is_refused_to_a_role_it_does_not_list(world, name, role):
    a = _subject(world, name)
    _put(a, TRANSITIONS[name].sources[0])
    with pytest.raises(TransitionRefused) as exc:
        apply_transition(a, name, _actor(world, name, role))
    assert exc.value.status == 403 and a.status == TRANSITIONS[name].sources[0]


@pytest.mark.parametrize("name", [n for n, t in TRANSITIONS.items() if t.own_unit])
def test_a_unit_transition_is_refused_to_another_units_liaison(world, name):
    a = _subject(world, name)
    _put(a, TRANSITIONS[name].sources[0])
    with pytest.raises(TransitionRefused, match="本单位") as exc:
        apply_transition(a, name, world.users["cz"])
    assert exc.value.status == 403


@pytest.mark.parametrize(("name", "status"), ALLOWED)
def test_each_applied_transition_sets_the_status_and_writes_one_event(world, name, status):
    a = _subject(world, name)
    _put(a, status)
    before = _events()
    event = apply_transition(a, name, _actor(world, name))
    t = TRANSITIONS[name]
    assert a.status == (t.target or status)
    assert _events() == before + 1
    assert (event.action, event.assignment_id) == (t.action, a.id)
    assert event.before == {"status": status} and event.after["status"] == a.status


def test_applying_bumps_updated_at_and_version_in_one_flush(world):
    a = assignment_of(world, 0, "wj")
    version, stamp = a.version, a.updated_at
    apply_transition(a, "start", world.users["wj"])
    assert a.version == version + 1 and a.updated_at >= stamp
    assert db.session.scalar(select(Assignment.status).where(Assignment.id == a.id)) == "in_progress"


def test_submit_is_refused_to_a_co_unit_that_feeds_its_lead(world):
    co = assignment_of(world, 0, "fg")
    _put(co, Status.IN_PROGRESS)
    with pytest.raises(TransitionRefused, match="随牵头单位一并提交"):
        apply_transition(co, "submit", world.users["fg"])


@pytest.mark.parametrize("name", ["close_with_lead", "return_co_unit"])
def test_co_unit_transitions_are_refused_on_the_lead_and_in_separate_mode(world, name):
    lead, co = assignment_of(world, 0, "wj"), assignment_of(world, 0, "fg")
    with pytest.raises(TransitionRefused, match="配合"):
        apply_transition(lead, name, world.users["office"])
    world.campaign.co_units_submit_separately = True
    with pytest.raises(TransitionRefused, match="单独提交"):
        apply_transition(co, name, world.users["office"])


def test_closed_with_lead_is_not_open_and_has_its_label(world):
    co = assignment_of(world, 0, "fg")
    apply_transition(co, "close_with_lead", world.users["office"])
    assert not co.is_open and co.status_label == "随牵头办结"


def test_every_status_and_role_the_table_names_is_an_enum_member(world):
    for t in TRANSITIONS.values():
        assert set(t.sources) <= set(Status) and (t.target is None or t.target in Status)
        assert set(t.roles) <= set(ROLES) and (t.roles == ("unit",)) == t.own_unit
    assert set(OFFICE) == {"office", "admin"}


# ---- who owes the work: the Python predicate and its SQL twin agree ----

def _owing_ids() -> set[int]:
    stmt = select(Assignment.id).join(Task, Task.id == Assignment.task_id).where(owes_work_clause())
    return set(db.session.scalars(stmt))


def _python_owing(world) -> set[int]:
    db.session.expire_all()
    return {a.id for t in world.tasks for a in t.assignments if owes_work(a)}


@pytest.mark.parametrize("separate", [False, True])
@pytest.mark.parametrize("override", [None, "separate", "feed"])
@pytest.mark.parametrize("status", STATUSES)
def test_owes_work_python_and_sql_agree(world, separate, override, status):
    world.campaign.co_units_submit_separately = separate
    world.tasks[0].co_submission = override
    for t in world.tasks:
        for a in t.assignments:
            a.status = status
    db.session.flush()
    assert _python_owing(world) == _owing_ids()


@pytest.mark.parametrize("separate", [False, True])
@pytest.mark.parametrize("override", [None, "separate", "feed"])
def test_submits_itself_python_and_sql_agree(world, separate, override):
    world.campaign.co_units_submit_separately = separate
    world.tasks[0].co_submission = override
    db.session.flush()
    stmt = select(Assignment.id).join(Task, Task.id == Assignment.task_id).where(submits_itself_clause())
    db.session.expire_all()
    python = {a.id for t in world.tasks for a in t.assignments if submits_itself(a)}
    assert python == set(db.session.scalars(stmt)) and python


def test_an_open_lead_owes_the_work_and_a_feeding_co_unit_does_not(world):
    lead, co = assignment_of(world, 0, "wj"), assignment_of(world, 0, "fg")
    assert owes_work(lead) and not owes_work(co)
    _put(co, Status.RETURNED)  # named in a return
    assert owes_work(co)
    world.tasks[0].co_submission = "separate"
    _put(co, Status.IN_PROGRESS)
    assert owes_work(co)
    _put(lead, Status.SUBMITTED)
    assert not owes_work(lead)
