"""The office's 预警与发送 page: runs, open flags per gate, outbox; and the badge helper."""
from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.notifications.models import Channel, OutboxMessage
from tracker.scheduler.queries import open_flags_for
from tracker.scheduler.services import run_daily_sweep


def _swept_world(sched, n_tasks=2):
    for i in range(n_tasks):
        sched.task(f"逾期任务{i}", deadline=date(2022, 4, 1 + i))
    db.session.add(Channel(unit_id=sched.wj.id, kind="wecom", target="key-wj"))
    db.session.flush()
    run_daily_sweep(date(2022, 5, 20))
    db.session.commit()


def test_office_sees_runs_gates_and_outbox(sched, client, login):
    _swept_world(sched)
    login("office")
    body = client.get("/scheduler").get_data(as_text=True)
    assert "每日预警扫描" in body and "2022-05-20" in body and "新增 2" in body
    assert "临近自查评估" in body and "区卫健局" in body and "企业微信机器人" in body and "待发送" in body


def test_units_and_leaders_may_not_open_it(sched, client, login):
    login("wj")
    assert client.get("/scheduler").status_code == 403


def test_page_queries_do_not_grow_with_rows(sched, client, login, count_queries):
    _swept_world(sched, 1)
    login("office")
    with count_queries() as few:
        client.get("/scheduler")
    for i in range(5):
        db.session.add(OutboxMessage(channel_id=db.session.scalar(select(Channel.id)), dedup_key=f"x{i}",
                                     subject="s", body="b", status="failed", last_error="boom"))
    sched.task("另一个任务", deadline=date(2022, 4, 20), units=[sched.fg])
    run_daily_sweep(date(2022, 5, 21))
    db.session.commit()
    with count_queries() as many:
        assert "boom" in client.get("/scheduler").get_data(as_text=True)
    assert many.count == few.count


def test_office_retries_a_failed_message(sched, client, login):
    _swept_world(sched)
    msg = db.session.scalar(select(OutboxMessage))
    msg.status, msg.last_error = "failed", "boom"
    db.session.commit()
    login("office")
    assert client.post(f"/scheduler/outbox/{msg.id}/retry").status_code == 302
    db.session.refresh(msg)
    assert msg.status == "pending"
    assert client.post(f"/scheduler/outbox/{msg.id}/retry").status_code == 404


def test_open_flags_for_gives_badges_per_assignment(sched):
    task = sched.task("任务", deadline=date(2022, 5, 25))
    other = sched.task("无预警", deadline=date(2022, 12, 1))
    run_daily_sweep(date(2022, 5, 20))
    flags = open_flags_for([task.assignments[0].id, other.assignments[0].id])
    assert [f.label for f in flags[task.assignments[0].id]] == ["临期"]
    assert other.assignments[0].id not in flags


def test_empty_page_without_campaign(app, client, login):
    from tests.factories import make_user

    make_user("office", "office")
    db.session.commit()
    login("office")
    assert "预警服务尚未运行过" in client.get("/scheduler").get_data(as_text=True)
