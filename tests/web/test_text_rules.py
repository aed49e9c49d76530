"""Text a clerk reads: no command lines in the pages, no English field names in the activity feed, 长期 once."""
import io
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

from tests.factories import make_campaign, make_unit, make_user
from tests.imports.conftest import xlsx
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.tasks.editing import update_task

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
COMMAND = re.compile(r"\btracker (init|demo|scan|scheduler|units|tasks|campaign|export|circular|users|notices|"
                     r"indicators|workdays)\b")


def test_no_page_shows_a_command_line():
    shown = [str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html") if COMMAND.search(p.read_text("utf-8"))]
    assert shown == []


def test_the_activity_feed_names_task_fields_in_chinese(world):
    task = world.tasks[0]
    update_task(task, title=task.title, category_name=task.category.name, deadline=date(2022, 4, 30), points=8,
                reason="省里调整", co_submission=None, actor=world.users["office"])
    summary = db.session.scalar(select(AuditEvent.summary).where(AuditEvent.action == "task.update"))
    assert "完成时限" in summary and "分值" in summary and not re.search(r"[a-z]{4,}", summary)


def test_a_long_term_deadline_is_said_once_in_the_preview(app, login):
    make_user("office", "office")
    campaign = make_campaign()
    make_unit("区卫健局")
    db.session.commit()
    client = login("office")
    data = xlsx([["类别", "创建任务", "责任单位", "完成时限"], ["领导重视", "长期工作", "区卫健局", "长期"]])
    url = client.post("/imports", data={"campaign_id": campaign.id, "file": (io.BytesIO(data), "l.xlsx")},
                      content_type="multipart/form-data").headers["Location"]
    row = client.get(url).get_data(as_text=True).split("长期工作")[1].split("</tr>")[0]
    assert row.count("长期") == 1
