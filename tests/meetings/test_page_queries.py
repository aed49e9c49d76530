"""The body and meeting pages send the same few statements (≤ 12) with a few members and matters and with many."""
from datetime import date

from tests.factories import make_unit
from tracker.extensions import db
from tracker.meetings.meetings import MeetingSpec, record_meeting, rows_sheet
from tracker.meetings.members import add_member, replace_liaison
from tracker.meetings.models import Meeting

MAX_QUERIES = 12


def _grow(body, world, first: int, n: int) -> Meeting:
    """Members 区第{first}局 … (and the world's three the first time), a meeting with max(n, 2) matters."""
    new = [make_unit(f"区第{i}局") for i in range(first, first + n)]
    if first == 0:
        new = [world.units["wj"], world.units["fg"], world.units["cz"], *new]
    units = [world.units["wj"], world.units["fg"], world.units["cz"], *new[3 if first == 0 else 0:]]
    for u in new:
        member = add_member(body, u, f"{u.name}的职责")
        replace_liaison(member, f"{u.name}联络员", phone="0915-1", today=date(2022, 1, 1))
    rows = [(f"第{i}项议定事项", f"{units[i % len(units)].name}、{units[(i + 1) % len(units)].name}", "2022-06-30")
            for i in range(max(n, 2))]
    meeting = record_meeting(body, MeetingSpec("plenary", date(2022, 3, 1), f"全体会议{n}",
                                               present=[u.id for u in units]), rows_sheet(rows)).meeting
    db.session.commit()
    return meeting


def _count(client, path, count_queries) -> int:
    client.get(path)  # warm
    with count_queries() as q:
        assert client.get(path).status_code == 200, path
    return q.count


def test_body_and_meeting_pages_are_flat_in_the_data(client, login, world, body, count_queries):
    small = _grow(body, world, 0, 1)
    pages = [(f"/bodies/{body.id}", "office"), (f"/meetings/{small.id}", "office"),
             (f"/bodies/{body.id}/directory", "office"), (f"/bodies/{body.id}", "wj"), (f"/meetings/{small.id}", "wj")]
    before = {(p, u): _count(login(u), p, count_queries) for p, u in pages}
    big = _grow(body, world, 1, 30)
    pages_big = [(p.replace(str(small.id), str(big.id)) if "/meetings/" in p else p, u) for p, u in pages]
    after = {(p, u): _count(login(u), pb, count_queries) for (p, u), (pb, _) in zip(pages, pages_big, strict=True)}
    assert after == before
    assert max(after.values()) <= MAX_QUERIES, after
