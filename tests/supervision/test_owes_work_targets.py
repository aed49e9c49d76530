"""催办 and the 通报 suggestions target the unit that owes the work: the lead, not a co-unit that feeds it —
unless the co-unit submits separately or a return named it."""
from datetime import date

import pytest

from tests.assignments.conftest import assignment_of
from tests.review.helpers import submit
from tracker.extensions import db
from tracker.review.services import return_for_revision
from tracker.supervision.circulars import preview
from tracker.supervision.services import chase_candidates

LATE = date(2022, 5, 10)  # task 0 (区卫健局 leads, 区发改局 helps) was due 2022-03-31


def _chased(world, kind="overdue") -> set[str]:
    return {a.unit.name for a in db.session.scalars(chase_candidates(world.campaign, LATE, kind)).unique()
            if a.task_id == world.tasks[0].id}


def _criticised(world) -> set[str]:
    return {c["name"] for c in preview(world.campaign, LATE)["suggestions"]["criticism"]}


@pytest.mark.parametrize("kind", ["overdue", "lagging", "all"])
def test_chase_candidates_leave_out_a_co_unit_that_feeds_its_lead(world, kind):
    assert _chased(world, kind) == {"区卫健局"}


def test_chase_candidates_include_a_co_unit_that_submits_separately(world):
    world.tasks[0].co_submission = "separate"
    db.session.flush()
    assert _chased(world) == {"区卫健局", "区发改局"}


def test_chase_candidates_include_a_co_unit_named_in_a_return(world):
    lead, co = assignment_of(world, 0, "wj"), assignment_of(world, 0, "fg")
    return_for_revision(submit(lead), "缺少发改局的材料", world.users["office"], co_units=[co.id])
    assert _chased(world) == {"区卫健局", "区发改局"}


def test_chase_candidates_leave_out_the_lead_once_submitted(world):
    submit(assignment_of(world, 0, "wj"))
    assert _chased(world) == set()


def test_circular_criticises_the_late_lead_not_its_co_unit(world):
    assert _criticised(world) == {"区卫健局"}
    world.campaign.co_units_submit_separately = True
    db.session.flush()
    assert _criticised(world) == {"区卫健局", "区发改局"}


def test_the_task_page_offers_to_chase_only_the_unit_that_owes_the_work(world, login):
    lead, co = assignment_of(world, 0, "wj"), assignment_of(world, 0, "fg")
    body = login("office").get(f"/tasks/{world.tasks[0].id}").get_data(as_text=True)
    assert f'name="ids" value="{lead.id}" aria-label="选择" >' in body
    assert f'name="ids" value="{co.id}" aria-label="选择" disabled' in body


def test_a_unit_returned_twice_but_owing_nothing_overdue_is_not_criticised(world):
    """区财政局 (task 1, due 2022-06-30) was returned twice: on 2022-05-10 it owes nothing overdue."""
    office = world.users["office"]
    cz = assignment_of(world, 1, "cz")
    world.tasks[1].co_submission = "separate"
    db.session.flush()
    return_for_revision(submit(cz), "补充", office)
    return_for_revision(submit(cz), "再补充", office)
    assert "区财政局" not in _criticised(world)
    world.tasks[1].deadline = date(2022, 5, 1)  # now overdue: named, with both reasons
    db.session.flush()
    criticism = {c["name"]: c["reason"] for c in preview(world.campaign, LATE)["suggestions"]["criticism"]}
    assert "退回 2 次" in criticism["区财政局"]
