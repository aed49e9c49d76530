"""填报负担: what the office asked of each unit in the last 30 days; circular rankings are off by default."""
from datetime import date, datetime

from sqlalchemy import func, select

from tests.assignments.conftest import assignment_of
from tests.factories import make_campaign, make_task
from tracker.cadence.services import CycleSetting, save_setting
from tracker.escalation.services import walk_ladder
from tracker.extensions import db
from tracker.registers.models import DocKind, RegisterEntry
from tracker.registers.services import issue_number
from tracker.scheduler.ack_flags import flag_unacknowledged
from tracker.supervision import circulars as circ
from tracker.supervision.burden import burden_by_unit
from tracker.supervision.models import Chase
from tracker.supervision.notices import issue_notices
from tracker.supervision.services import chase_assignments
from tracker.workdays.calendar import WorkCalendar

TODAY = date(2022, 5, 30)


def _chase(world, *keys, when=datetime(2022, 5, 20, 2)):
    chases = chase_assignments([assignment_of(world, t, u) for t, u in keys], "请抓紧", world.users["office"])
    for c in chases:
        c.created_at = when
    db.session.commit()


def test_nothing_asked_is_no_burden(world):
    assert burden_by_unit(world.campaign, TODAY) == {}


def test_chases_within_30_days_count_older_ones_do_not(world):
    _chase(world, (0, "wj"), (1, "fg"))
    _chase(world, (0, "wj"), when=datetime(2022, 4, 1, 2))
    burden = burden_by_unit(world.campaign, TODAY)
    assert (burden[world.units["wj"].id].chases, burden[world.units["fg"].id].chases) == (1, 1)


def test_required_cycle_updates_and_ack_reminders_count(world):
    save_setting(world.campaign, CycleSetting(True, "monthly", 25, 7, 3), world.users["office"], today=date(2022, 1, 1))
    a = assignment_of(world, 1, "cz")
    a.created_at = datetime(2022, 5, 2, 2)
    flag_unacknowledged(world.campaign, date(2022, 5, 9), WorkCalendar())
    db.session.commit()
    burden = burden_by_unit(world.campaign, TODAY)
    wj, cz = burden[world.units["wj"].id], burden[world.units["cz"].id]
    assert (wj.cycle_updates, wj.total) == (1, 1)  # the 2022-05 period (due 25 May) asked for task 1
    assert (cz.cycle_updates, cz.reminders, cz.total) == (0, 1, 1)  # a co-unit is not asked for updates


def _document(world, unit: str | None, on: date, campaign=None, kind=DocKind.NOTICE):
    campaign = campaign or world.campaign
    issue_number(kind, "督办单", on, world.users["office"], campaign_id=campaign.id,
                 unit_id=world.units[unit].id if unit else None)


def test_documents_count_from_the_30th_day_back_not_the_31st(world):
    _document(world, "wj", TODAY)
    _document(world, "wj", date(2022, 5, 1))  # the 30th day of the window, today included
    _document(world, "wj", date(2022, 4, 30))  # the 31st: out
    _document(world, "fg", date(2022, 4, 30))
    _document(world, "wj", date(2022, 5, 31))  # after today (a number dated ahead): not yet asked
    db.session.commit()
    burden = burden_by_unit(world.campaign, TODAY)
    wj = burden[world.units["wj"].id]
    assert (wj.documents, wj.total) == (2, 2)
    assert "发文 2 份" in wj.text
    assert world.units["fg"].id not in burden


def test_only_the_units_own_documents_of_this_campaign_count(world):
    other = make_campaign("xq", "另一创建活动")
    make_task(other, "另一项任务", [world.units["wj"]], deadline=date(2022, 5, 31))
    _document(world, "wj", TODAY, campaign=other)  # another campaign's
    _document(world, "fg", TODAY, kind=DocKind.URGE)  # another unit's
    _document(world, None, TODAY, kind=DocKind.CIRCULAR)  # a 通报 addressed to no unit
    db.session.commit()
    burden = burden_by_unit(world.campaign, TODAY)
    assert set(burden) == {world.units["fg"].id}
    assert (burden[world.units["fg"].id].documents, burden[world.units["fg"].id].total) == (1, 1)
    assert burden_by_unit(other, TODAY)[world.units["wj"].id].documents == 1


def test_the_ladders_and_the_notices_documents_count_as_documents(world):
    walk_ladder(world.campaign, date(2022, 5, 20))  # t1 (due 03-31) far overdue: the red step for wj
    issue_notices(world.campaign, date(2022, 5, 25), world.users["office"])  # a 督办通知单 per lagging unit
    db.session.commit()
    wj = burden_by_unit(world.campaign, TODAY)[world.units["wj"].id]
    issued = db.session.scalar(select(func.count(RegisterEntry.id)).where(
        RegisterEntry.unit_id == world.units["wj"].id))
    assert issued == 3  # 红色督办单, 催办通知书, 督办通知单
    assert (wj.documents, wj.chases) == (3, 1)  # the 催办通知书 came with a 催办
    assert wj.total == wj.cycle_updates + wj.chases + wj.reminders + 3


def test_the_burden_takes_the_same_statements_for_one_unit_or_many(world, count_queries):
    _document(world, "wj", TODAY)
    db.session.commit()
    with count_queries() as few:
        burden_by_unit(world.campaign, TODAY)
    for unit in ("wj", "fg", "cz"):
        for _ in range(3):
            _document(world, unit, TODAY)
    _chase(world, (0, "wj"), (1, "fg"), (1, "cz"))
    db.session.commit()
    with count_queries() as many:
        burden_by_unit(world.campaign, TODAY)
    assert many.count == few.count


def test_the_office_sees_the_burden_on_the_chase_list(world, login, clock):
    clock.freeze(TODAY)
    _chase(world, (0, "wj"), (0, "wj"))
    html = login("office").get("/supervision/chase?kind=open").get_data(as_text=True)
    assert 'data-burden="2"' in html and "催办 2 次" in html
    assert db.session.query(Chase).count() == 2


def test_circulars_do_not_rank_units_unless_asked(world):
    data = circ.preview(world.campaign, TODAY)
    assert data["ranked"] is False
    assert [u["name"] for u in data["units"]] == ["区卫健局", "区发改局", "区财政局"]  # registry order
    assert [u["rank"] for u in data["units"]] == [1, 2, 3]
    assert circ.preview(world.campaign, TODAY, with_ranking=True)["ranked"] is True


def test_an_unranked_circular_prints_序号_not_排名(world, login):
    item = circ.issue_circular(world.campaign, TODAY, "请加快推进。", world.users["office"])
    db.session.commit()
    html = login("office").get(f"/circulars/{item.id}").get_data(as_text=True)
    assert "<th>序号</th>" in html and "按完成率排名" not in html
