"""The 督办事项 list sends the same few statements (≤ 12, as the main pages) with 3 items and with more than a page."""
from datetime import date

from tests.factories import basic_world
from tracker.extensions import db
from tracker.items.services import ItemSpec, register_instruction_item

PATHS = ["/items", "/items?source=instruction&state=not_started", "/items?q=督办", "/tasks?source=instruction"]


def _world_with_items(n: int):
    world = basic_world()
    units = list(world.units.values())
    for i in range(n):
        register_instruction_item(world.campaign, ItemSpec(
            content=f"督办事项{i}", lead=units[i % 3], co=[units[(i + 1) % 3]], leader_name="张区长",
            instruction_text=f"批示{i}", instructed_on=date(2022, 5, 10), urgency="normal"), world.users["office"])
    db.session.commit()
    return world


def _counts(client, login, count_queries) -> dict[str, int]:
    client = login("office")
    found = {}
    for path in PATHS:
        client.get(path)  # warm: the top bar's campaign, the figures cache
        with count_queries() as q:
            assert client.get(path).status_code == 200
        found[path] = q.count
    return found


def test_the_item_list_sends_the_same_few_statements_at_both_sizes(app, client, login, count_queries, clock):
    clock.freeze(date(2022, 5, 10))
    _world_with_items(3)
    small = _counts(client, login, count_queries)
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    _world_with_items(55)
    big = _counts(client, login, count_queries)
    assert big == small
    assert max(big.values()) <= 12, big
