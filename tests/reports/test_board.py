"""The board's rule: 已报 / 未报 / 逾期未报 — disjoint, covering every owing unit, at the boundaries."""
from datetime import date

import pytest

from tests.factories import make_task, make_unit
from tracker.extensions import db
from tracker.meetings.members import add_member
from tracker.meetings.services import BodySpec, create_body
from tracker.reports.filing import Filing, file_report, return_report
from tracker.reports.services import CycleError, CycleSpec, board_json, boards, create_cycle, period_of

DUE = date(2022, 7, 10)


def _cycle(world, units=None, name="2022年上半年"):
    cycle = create_cycle(world.campaign, CycleSpec(name, DUE, units))
    db.session.commit()
    return cycle


def _file(cycle, unit, text="上半年工作总结"):
    return file_report(cycle, unit, Filing(text), None, today=DUE).report


def _board(world, today):
    return board_json(world.campaign, today)[0]


def test_default_owing_units_are_every_unit_holding_an_assignment_in_registry_order(world):
    make_unit("区教体局", "教体")  # in the registry, but no assignment in the campaign
    cycle = _cycle(world)
    assert [o.unit.name for o in cycle.owed] == ["区卫健局", "区发改局", "区财政局"]


def test_owing_units_are_stored_so_a_later_assignment_does_not_change_an_earlier_cycle(world):
    cycle = _cycle(world)
    make_task(world.campaign, "新任务", [make_unit("区教体局", "教体")])
    db.session.commit()
    assert len(cycle.owed) == 3
    assert len(_board(world, DUE)["missing"]) == 3


def test_chosen_units_only(world):
    _cycle(world, [world.units["cz"], world.units["wj"]])
    assert _board(world, DUE) == {"cycle": "2022年上半年", "due": "2022-07-10", "reported": [],
                                  "missing": ["区财政局", "区卫健局"], "overdue": []}


@pytest.mark.parametrize(("today", "missing", "overdue"), [
    (date(2022, 7, 9), ["区发改局", "区财政局"], []),
    (DUE, ["区发改局", "区财政局"], []),  # the due date itself is still in time
    (date(2022, 7, 11), [], ["区发改局", "区财政局"]),  # the day after: overdue
])
def test_board_at_the_due_date_boundaries(world, today, missing, overdue):
    cycle = _cycle(world)
    _file(cycle, world.units["wj"])
    db.session.commit()
    assert _board(world, today) == {"cycle": "2022年上半年", "due": "2022-07-10", "reported": ["区卫健局"],
                                    "missing": missing, "overdue": overdue}


def test_a_returned_report_counts_as_not_reported_and_a_refiled_one_as_reported(world):
    cycle = _cycle(world)
    report = _file(cycle, world.units["wj"])
    return_report(report, "请补充托位数据", None)
    db.session.commit()
    assert _board(world, date(2022, 7, 11))["overdue"] == ["区卫健局", "区发改局", "区财政局"]
    assert _board(world, DUE)["missing"] == ["区卫健局", "区发改局", "区财政局"]
    file_report(cycle, world.units["wj"], Filing("补充后的总结"), None, today=date(2022, 7, 12))
    db.session.commit()
    assert _board(world, date(2022, 7, 12))["reported"] == ["区卫健局"]


def test_a_late_report_counts_as_reported(world):
    cycle = _cycle(world)
    file_report(cycle, world.units["fg"], Filing("迟到的总结"), None, today=date(2022, 8, 1))
    db.session.commit()
    assert _board(world, date(2022, 8, 1))["reported"] == ["区发改局"]


def test_states_are_disjoint_and_cover_every_owing_unit(world):
    cycle = _cycle(world)
    _file(cycle, world.units["fg"])
    db.session.commit()
    for today in (date(2022, 1, 1), DUE, date(2023, 1, 1)):
        b = boards([cycle], today)[0]
        states = [r.state for r in b.rows]
        assert len(states) == 3 and sorted(u.name for s in ("reported", "missing", "overdue") for u in b.units(s)) \
            == sorted(o.unit.name for o in cycle.owed)


def test_cycles_are_listed_by_due_date(world):
    create_cycle(world.campaign, CycleSpec("2022年下半年", date(2023, 1, 10)))
    _cycle(world)
    assert [b["cycle"] for b in board_json(world.campaign, DUE)] == ["2022年上半年", "2022年下半年"]


def test_a_duplicate_name_is_refused(world):
    _cycle(world)
    with pytest.raises(CycleError, match="已有名为"):
        create_cycle(world.campaign, CycleSpec("2022年上半年", DUE))


def test_period_follows_the_name(world):
    assert period_of("2022年上半年", DUE, world.campaign) == (date(2022, 1, 1), date(2022, 6, 30))
    assert period_of("2022年下半年履职情况", date(2023, 1, 10), world.campaign) == (date(2022, 7, 1), date(2022, 12, 31))
    assert period_of("创建总结", date(2022, 8, 20), world.campaign) == (date(2021, 9, 30), date(2022, 8, 20))


def test_a_bodys_cycle_is_owed_by_all_its_members_in_the_bodys_order(world):
    body = create_body("lxhy", BodySpec("婴幼儿照护服务联席会议", world.units["wj"]))
    for key in ("cz", "wj"):
        add_member(body, world.units[key], "职责")
    cycle = create_cycle(body, CycleSpec("2022年上半年", DUE))
    assert [o.unit.name for o in cycle.owed] == ["区财政局", "区卫健局"]
