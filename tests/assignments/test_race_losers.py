"""A loser of an edit race keeps its text even when the other save lands between our version check and our
write (the database then refuses our UPDATE: StaleDataError at commit)."""
from sqlalchemy import update

from tests.assignments.conftest import assignment_of
from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.pages import workspace


def test_a_save_overtaken_at_commit_gets_the_conflict_page_with_its_text(world, login, monkeypatch):
    a = assignment_of(world, 0, "wj")
    client = login("wj")
    real = workspace.add_progress_update

    def overtaken(assignment, *args, **kwargs):
        # the winner's UPDATE lands now, after our version check: our row's version is no longer the one we read
        db.session.execute(update(Assignment).where(Assignment.id == assignment.id)
                           .values(version=Assignment.version + 7).execution_options(synchronize_session=False))
        return real(assignment, *args, **kwargs)

    monkeypatch.setattr(workspace, "add_progress_update", overtaken)
    resp = client.post(f"/assignments/{a.id}/progress", data={"version": a.version, "seen": "0",
                                                              "progress": "乙的进展全文", "problems": "乙的问题"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409 and "乙的进展全文" in html and "乙的问题" in html
