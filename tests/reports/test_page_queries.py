"""The report pages send the same few statements (≤ 12) with 3 owing units and with 40."""
from datetime import date

from tests.factories import basic_world, make_task, make_unit
from tracker.extensions import db
from tracker.reports.filing import Filing, file_report
from tracker.reports.services import CycleSpec, create_cycle

MAX_QUERIES = 12


def _world(extra_units: int):
    world = basic_world()
    units = [make_unit(f"第{i}镇", f"{i}镇") for i in range(extra_units)]
    if units:
        make_task(world.campaign, "各镇落实", units)
    cycle = create_cycle(world.campaign, CycleSpec("2022年上半年", date(2022, 7, 10)))
    for owed in cycle.owed[::2]:
        file_report(cycle, owed.unit, Filing(f"{owed.unit.name}的总结"), None, today=date(2022, 7, 1))
    db.session.commit()
    return world, cycle


def _statements(client, path, count_queries) -> int:
    with count_queries() as q:
        assert client.get(path).status_code == 200, path
    return q.count


def _counts(login, count_queries, cycle) -> dict:
    pages = {("office", f"/reports/cycles/{cycle.id}"): 0, ("office", "/reports/"): 0, ("leader", "/reports/"): 0,
             ("wj", "/reports/"): 0, ("wj", f"/reports/cycles/{cycle.id}"): 0}
    for user, path in pages:
        client = login(user)
        pages[(user, path)] = _statements(client, path, count_queries)
    return {(u, p.replace(str(cycle.id), "ID")): n for (u, p), n in pages.items()}


def test_report_pages_are_flat_in_the_number_of_units(app, login, count_queries):
    world, cycle = _world(0)
    small = _counts(login, count_queries, cycle)
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    world, cycle = _world(37)
    large = _counts(login, count_queries, cycle)
    assert small == large, (small, large)
    assert max(large.values()) <= MAX_QUERIES, large
