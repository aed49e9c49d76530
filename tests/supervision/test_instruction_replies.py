"""Leaders find their 批示 in the menu, each with the units' progress reported since (落实情况)."""
from datetime import datetime

from tracker.assignments.models import ProgressUpdate
from tracker.extensions import db
from tracker.supervision.models import Instruction
from tracker.supervision.services import instruction_replies, record_instruction


def test_leaders_menu_has_the_instructions_entry(world, login):
    assert 'href="/instructions"' in login("leader").get("/dashboard").get_data(as_text=True)


def test_a_task_instruction_shows_the_progress_reported_after_it(world):
    task, a = world.tasks[0], world.assignment(0, "wj")
    db.session.add(ProgressUpdate(assignment_id=a.id, author_id=world.users["wj"].id, progress="旧进展",
                                  created_at=datetime(2022, 1, 1)))
    item = record_instruction(world.campaign, "务必按期完成", world.users["leader"], task=task)
    item.created_at = datetime(2022, 3, 1)
    db.session.add(ProgressUpdate(assignment_id=a.id, author_id=world.users["wj"].id, progress="已按批示推进",
                                  created_at=datetime(2022, 3, 5)))
    db.session.flush()
    replies = instruction_replies(world.users["leader"], [item])[item.id]
    assert [(unit, u.progress) for unit, u in replies] == [("区卫健局", "已按批示推进")]


def test_units_do_not_read_other_units_progress_through_instructions(world):
    item = record_instruction(world.campaign, "加快", world.users["leader"], task=world.tasks[0])
    assert instruction_replies(world.users["wj"], [item]) == {item.id: []}


def test_the_page_shows_the_replies_to_the_leader(world, login):
    a = world.assignment(0, "wj")
    item = record_instruction(world.campaign, "务必按期完成", world.users["leader"], task=world.tasks[0])
    db.session.add(ProgressUpdate(assignment_id=a.id, author_id=world.users["wj"].id, progress="已按批示推进",
                                  created_at=datetime(2099, 1, 1)))
    db.session.commit()
    html = login("leader").get("/instructions").get_data(as_text=True)
    assert 'data-testid="replies"' in html and "已按批示推进" in html
    assert db.session.get(Instruction, item.id) is not None
