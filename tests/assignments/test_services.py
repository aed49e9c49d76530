"""Each unit transition, allowed and refused; every change writes a timeline event and bumps the version."""
import pytest
from sqlalchemy import func, select

from tests.assignments.conftest import assignment_of
from tracker.assignments.models import ProgressUpdate
from tracker.assignments.services import (
    NOTE_MAX,
    AssignmentError,
    VersionConflict,
    add_progress_update,
    latest_progress,
    start_assignment,
    submit_assignment,
)
from tracker.audit.services import timeline_for_assignment
from tracker.extensions import db
from tracker.notifications.models import Notification


@pytest.fixture
def mine(world):
    return assignment_of(world, 0, "wj")


def test_start_moves_not_started_to_in_progress_with_event(world, mine):
    start_assignment(mine, world.users["wj"], mine.version)
    assert mine.status == "in_progress"
    events = timeline_for_assignment(mine.id)
    assert events[0].action == "assignment.in_progress"
    assert events[0].before == {"status": "not_started"}


def test_returned_assignment_can_be_started_again(world, mine):
    mine.status = "returned"
    db.session.flush()
    start_assignment(mine, world.users["wj"], mine.version)
    assert mine.status == "in_progress"


@pytest.mark.parametrize("status", ["in_progress", "submitted", "approved"])
def test_start_refused_from_other_states(world, mine, status):
    mine.status = status
    db.session.flush()
    with pytest.raises(AssignmentError):
        start_assignment(mine, world.users["wj"], mine.version)
    assert mine.status == status


@pytest.mark.parametrize("username", ["fg", "office", "leader", "admin"])
def test_only_the_own_unit_may_change_an_assignment(world, mine, username):
    with pytest.raises(AssignmentError, match="本单位"):
        start_assignment(mine, world.users[username], mine.version)


def test_first_progress_update_starts_the_work_and_bumps_version(world, mine):
    before = mine.version
    update = add_progress_update(mine, world.users["wj"], before, " 已起草文件 ", "缺经费", "报审")
    assert (update.progress, mine.status) == ("已起草文件", "in_progress")
    assert mine.version > before
    assert {e.action for e in timeline_for_assignment(mine.id)} >= {"progress.add", "assignment.in_progress"}
    assert latest_progress(mine.id).id == update.id


@pytest.mark.parametrize("progress", ["", "   ", "字" * (NOTE_MAX + 1)])
def test_empty_or_oversized_note_is_refused_without_change(world, mine, progress):
    with pytest.raises(AssignmentError):
        add_progress_update(mine, world.users["wj"], mine.version, progress)
    db.session.rollback()
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0


def test_stale_version_is_a_conflict(world, mine):
    with pytest.raises(VersionConflict):
        add_progress_update(mine, world.users["wj"], mine.version - 1, "x")
    with pytest.raises(VersionConflict):
        submit_assignment(mine, world.users["wj"], None, "x")


def test_submit_requires_in_progress_and_a_summary(world, mine):
    wj = world.users["wj"]
    with pytest.raises(AssignmentError, match="先开始推进"):
        submit_assignment(mine, wj, mine.version, "完成")
    start_assignment(mine, wj, mine.version)
    with pytest.raises(AssignmentError, match="提交说明"):
        submit_assignment(mine, wj, mine.version, "  ")
    assert mine.status == "in_progress"


def test_a_submission_needs_a_progress_report_or_a_file(world, mine):
    wj = world.users["wj"]
    start_assignment(mine, wj, mine.version)
    with pytest.raises(AssignmentError, match="先填报工作进展或上传佐证材料"):
        submit_assignment(mine, wj, mine.version, "完成")
    submit_assignment(mine, wj, mine.version, "完成，材料见附件", files=1)
    assert mine.status == "submitted"


def test_a_lead_submission_may_carry_only_its_co_units_material(world, mine):
    wj = world.users["wj"]
    start_assignment(mine, wj, mine.version)
    submit_assignment(mine, wj, mine.version, "完成", carried=[{"unit": "区发改局", "progress": 1, "evidence": 0}])
    assert mine.status == "submitted"


def test_submit_notifies_the_office_and_locks_the_assignment(world, mine):
    wj = world.users["wj"]
    add_progress_update(mine, wj, mine.version, "已起草")
    submit_assignment(mine, wj, mine.version, "已出台实施意见")
    assert (mine.status, mine.submit_summary) == ("submitted", "已出台实施意见")
    assert mine.submitted_at is not None
    notes = db.session.scalars(select(Notification)).all()
    assert [n.user.username for n in notes] == ["office"]
    assert notes[0].link == f"/assignments/{mine.id}"
    with pytest.raises(AssignmentError, match="已提交"):
        add_progress_update(mine, wj, mine.version, "再改一下")


def test_approved_is_read_only_for_the_unit(world, mine):
    mine.status = "approved"
    db.session.flush()
    with pytest.raises(AssignmentError, match="已通过"):
        add_progress_update(mine, world.users["wj"], mine.version, "x")
