"""Which campaign a page shows: a unit sees the campaigns it takes part in, the office sees all."""
from tests.factories import basic_world, make_campaign


def test_unit_lands_in_its_own_campaign_not_the_newest(client, login):
    world = basic_world()
    make_campaign("newer", "另一个创建活动")
    body = login("wj").get("/my").get_data(as_text=True)
    assert world.tasks[0].title in body


def test_unit_cannot_switch_to_a_campaign_without_its_assignments(client, login):
    world = basic_world()
    make_campaign("newer", "另一个创建活动")
    login("wj").post("/campaign/switch", data={"slug": "newer"})
    assert world.tasks[0].title in client.get("/my").get_data(as_text=True)


def test_office_switches_between_all_campaigns(client, login):
    basic_world()
    make_campaign("newer", "另一个创建活动")
    login("office")
    assert "汉滨区创建示范城区" in _main(client.get("/"))  # never a newly created empty one by default
    client.post("/campaign/switch", data={"slug": "newer"})
    assert "另一个创建活动" in _main(client.get("/"))


def _main(resp) -> str:
    return resp.get_data(as_text=True).split("<main")[1]
