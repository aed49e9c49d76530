"""Pages count days only for the unit that owes the work: a co-unit feeding its lead shows no 逾期 countdown."""
from datetime import date


def test_a_co_unit_feeding_its_lead_sees_no_overdue_days_the_lead_does(world, client, login, clock):
    clock.freeze(date(2022, 4, 10))  # task 1 was due 2022-03-31: 区卫健局 leads, 区发改局 feeds it
    lead, co = world.tasks[0].assignments
    assert "逾期 10 天" in login("wj").get(f"/assignments/{lead.id}").get_data(as_text=True)
    body = login("fg").get(f"/assignments/{co.id}").get_data(as_text=True)
    assert "逾期 10 天" not in body and "2022-03-31" in body
