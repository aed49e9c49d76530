"""The cached figures are never stale: a write shows in every count at once, midnight moves 逾期 by itself."""
from datetime import date

import pytest
from sqlalchemy import update

from tests.assignments.conftest import assignment_of
from tracker.assignments import figures
from tracker.assignments.counts import (
    campaign_figures,
    due_soon_counts,
    overdue_count,
    status_counts,
    task_count,
    unit_figures,
)
from tracker.assignments.models import Assignment
from tracker.dashboard.services import dashboard
from tracker.extensions import db
from tracker.review.services import approve_assignment
from tracker.supervision.circulars import unit_stats

TODAY = date(2022, 5, 25)  # task 1 (2022-03-31) is overdue; task 2 is due 2022-06-30


def every_count(world, today=TODAY) -> dict:
    """Each count the landing page, the dashboard, the review queue and each unit's list show."""
    c = world.campaign
    f, board = campaign_figures(c, today), dashboard(c, today)
    return {"landing": (f.counts, f.tasks, f.overdue, f.due_soon), "dashboard": (
        board["counts"], board["overdue_count"], board["units"], board["categories"], board["overdue"],
        [(g.kind, g.flags) for g in board["gates"]]),
        "units": {k: unit_figures(c, today, u.id) for k, u in world.units.items()}}


def uncached(world, today=TODAY) -> dict:
    figures.clear()
    try:
        return every_count(world, today)
    finally:
        figures.clear()


def test_a_status_change_shows_in_every_count_at_once(world):
    before = every_count(world)  # computed and cached
    a = assignment_of(world, 1, "fg")
    a.status = "submitted"
    db.session.commit()
    after = every_count(world)
    assert after != before and after == uncached(world)
    assert after["landing"][0]["submitted"] == 1 and after["units"]["fg"]["submitted"] == 1


def test_a_review_through_the_service_shows_at_once(world):
    a = assignment_of(world, 0, "wj")
    a.status = "submitted"
    db.session.commit()
    assert every_count(world)["landing"][0].get("approved", 0) == 0
    approve_assignment(a, world.users["office"])
    db.session.commit()
    assert every_count(world)["landing"][0]["approved"] == 1
    assert every_count(world) == uncached(world)


def test_the_pages_show_the_new_count_after_a_review(world, login):
    a = assignment_of(world, 0, "wj")
    a.status = "submitted"
    db.session.commit()
    office = login("office")
    assert "待审核的提交" in office.get("/").get_data(as_text=True)
    office.get("/dashboard")
    assert office.post(f"/review/{a.id}/approve", data={"version": a.version}).status_code == 302
    body = office.get("/dashboard").get_data(as_text=True)
    assert '<div class="fs-4" data-status="approved">1</div>' in body


def test_overdue_moves_at_midnight_without_a_write(world, clock):
    c = world.campaign
    assert campaign_figures(c, date(2022, 6, 30)).overdue == 1  # task 1's lead (its co-unit feeds the lead)
    assert campaign_figures(c, date(2022, 7, 1)).overdue == 2  # task 2 is past due from today on
    assert overdue_count(c, date(2022, 7, 1)) == 2


def test_a_deadline_edit_moves_overdue_at_once(world):
    assert campaign_figures(world.campaign, TODAY).overdue == 1
    world.tasks[1].deadline = date(2022, 5, 1)
    db.session.commit()
    assert campaign_figures(world.campaign, TODAY).overdue == 2


def test_a_bulk_statement_invalidates_too(world):
    assert campaign_figures(world.campaign, TODAY).counts == {"not_started": 4}
    db.session.execute(update(Assignment).values(status="approved"))
    db.session.commit()
    assert campaign_figures(world.campaign, TODAY).counts == {"approved": 4}


def test_an_uncommitted_change_is_read_as_it_is(world):
    assert campaign_figures(world.campaign, TODAY).counts == {"not_started": 4}
    assignment_of(world, 0, "wj").status = "in_progress"
    db.session.flush()
    assert campaign_figures(world.campaign, TODAY).counts == {"not_started": 3, "in_progress": 1}
    db.session.rollback()
    assert campaign_figures(world.campaign, TODAY).counts == {"not_started": 4}


def test_progress_notes_keep_the_cache(world):
    token = world.campaign.figures_token
    a = assignment_of(world, 0, "wj")
    a.submit_summary = "草稿"  # not a figure
    db.session.commit()
    assert world.campaign.figures_token == token


@pytest.mark.parametrize("compute", [status_counts, task_count], ids=["status", "tasks"])
def test_the_cached_figures_are_the_sql_ones(world, compute):
    f = campaign_figures(world.campaign, TODAY)
    assert {status_counts: f.counts, task_count: f.tasks}[compute] == compute(world.campaign.id)
    assert f.due_soon == due_soon_counts(world.campaign, TODAY)
    assert sum(u["overdue"] for u in unit_stats(world.campaign, TODAY)) == f.overdue
