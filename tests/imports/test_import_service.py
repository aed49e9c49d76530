"""Planning and writing an import: all or nothing, re-import by (category, title), lead rules."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.imports.conftest import xlsx
from tracker.assignments.models import Assignment
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.imports.services import import_list, plan_import
from tracker.tasks.models import Task

HEADER = ["类别", "创建任务", "责任单位", "完成时限"]


def _tasks():
    return db.session.scalars(select(Task).order_by(Task.sequence)).all()


def test_clean_list_is_written_with_lead_first(hanbin_campaign):
    data = xlsx([HEADER, ["领导重视", "建立组织体系", "区政府办、区卫健局、各镇办", "2022年6月底前"],
                 [None, "落实产假政策", "区人社局五里工业集中区管委会", "长期坚持"]], merges=["A2:A3"])
    plan = import_list(hanbin_campaign, data)
    db.session.commit()
    assert plan.ok and plan.written and plan.created == 2
    first, second = _tasks()
    assert [a.unit.name for a in first.assignments] == ["区政府办", "区卫健局", "老城街道办", "江北街道办", "五里镇"]
    assert [a.role for a in first.assignments][:2] == ["lead", "co"]
    assert first.deadline == date(2022, 6, 30) and first.deadline_text == "2022年6月底前"
    assert second.category.name == "领导重视" and second.deadline is None
    assert [a.unit.name for a in second.lead.task.assignments] == ["区人社局", "五里工业集中区管委会"]
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "tasks.import")) == 1


def test_one_unresolved_unit_writes_nothing(hanbin_campaign):
    data = xlsx([HEADER, ["甲", "任务一", "区卫健局", None], ["甲", "任务二", "区文旅局", None]])
    plan = import_list(hanbin_campaign, data)
    db.session.commit()
    assert not plan.ok and not plan.written
    assert [(r, u.text) for r, u in plan.unresolved] == [(3, "区文旅局")]
    assert _tasks() == []


def test_one_bad_deadline_writes_nothing(hanbin_campaign):
    plan = import_list(hanbin_campaign, xlsx([HEADER, ["甲", "任务一", "区卫健局", "尽快"], ["甲", "任务二", "区财政局", None]]))
    db.session.commit()
    assert [(e.row, e.column) for e in plan.errors] == [(2, "完成时限")] and "尽快" in plan.errors[0].message
    assert _tasks() == []


def test_dry_run_never_writes(hanbin_campaign):
    plan = import_list(hanbin_campaign, xlsx([HEADER, ["甲", "任务一", "区卫健局", None]]), dry_run=True)
    db.session.commit()
    assert plan.ok and not plan.written and _tasks() == []


def test_reimport_updates_adds_and_reports_missing_never_deletes(hanbin_campaign):
    import_list(hanbin_campaign, xlsx([HEADER, ["甲", "任务一", "区卫健局", "2022-06-30"], ["甲", "任务二", "区财政局", None]]))
    db.session.commit()
    task_one = _tasks()[0]
    plan = import_list(hanbin_campaign, xlsx([HEADER, ["甲", "任务一", "区财政局、区卫健局", "2022-07-31"],
                                    ["乙", "任务三", "区民政局", None]]))
    db.session.commit()
    assert (plan.created, plan.updated) == (1, 1)
    assert [m["title"] for m in plan.missing] == ["任务二"]
    tasks = {t.title: t for t in _tasks()}
    assert set(tasks) == {"任务一", "任务二", "任务三"}
    assert tasks["任务一"].id == task_one.id and tasks["任务一"].deadline == date(2022, 7, 31)
    assert [(a.unit.name, a.role) for a in tasks["任务一"].assignments] == [("区财政局", "lead"), ("区卫健局", "co")]


def test_reimport_of_the_same_list_changes_nothing(hanbin_campaign):
    data = xlsx([HEADER, ["甲", "任务一", "区卫健局", "2022-06-30"]])
    import_list(hanbin_campaign, data)
    db.session.commit()
    plan = import_list(hanbin_campaign, data)
    assert (plan.created, plan.updated, plan.missing) == (0, 0, [])


def test_co_unit_column(hanbin_campaign):
    data = xlsx([["类别", "创建任务", "牵头单位", "配合单位"], ["甲", "任务", "区卫健局", "区财政局、区税务局"]])
    import_list(hanbin_campaign, data)
    db.session.commit()
    assert [(a.unit.name, a.role) for a in _tasks()[0].assignments] == [
        ("区卫健局", "lead"), ("区财政局", "co"), ("区税务局", "co")]


def test_a_failure_while_writing_leaves_nothing(hanbin_campaign, monkeypatch):
    """All or nothing even when writing fails after the tasks were flushed (on every database)."""
    import tracker.imports.services as services

    real = services.record_event

    def failing(actor, action, *args, **kwargs):
        if action == "tasks.import":
            raise RuntimeError("disk full")
        return real(actor, action, *args, **kwargs)

    monkeypatch.setattr(services, "record_event", failing)
    with pytest.raises(RuntimeError):
        import_list(hanbin_campaign, xlsx([HEADER, ["甲", "任务一", "区卫健局", None], ["甲", "任务二", "区财政局", None]]))
    db.session.rollback()
    assert _tasks() == [] and db.session.scalar(select(func.count(Assignment.id))) == 0
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "task.create")) == 0


def test_plan_reports_missing_without_writing(hanbin_campaign):
    import_list(hanbin_campaign, xlsx([HEADER, ["甲", "任务一", "区卫健局", None]]))
    db.session.commit()
    plan = plan_import(hanbin_campaign, xlsx([HEADER, ["甲", "任务二", "区卫健局", None]]))
    assert [m["title"] for m in plan.missing] == ["任务一"] and len(_tasks()) == 1
