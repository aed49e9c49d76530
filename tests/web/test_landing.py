"""Landing on the right campaign: the one the user last chose (remembered per user); a first login lands on
the campaign in its active phase with the most open work, never on a newly created empty one."""
from datetime import date

from tests.factories import basic_world, make_campaign, make_task, make_user
from tracker.assignments.current import is_active, landing_campaign
from tracker.campaigns.services import PhaseSpec, suggest_slug
from tracker.extensions import db
from tracker.notifications.models import Channel, Notification, OutboxMessage
from tracker.notifications.services import notify_unit
from tracker.supervision.services import chase_assignments

FUTURE = [PhaseSpec("mobilization", date(2030, 1, 1), date(2030, 2, 1)),
          PhaseSpec("implementation", date(2030, 2, 2), date(2030, 5, 31)),
          PhaseSpec("self_assessment", date(2030, 6, 1), date(2030, 8, 20)),
          PhaseSpec("acceptance", date(2030, 8, 21), None)]


def _main(resp) -> str:
    return resp.get_data(as_text=True).split("<main")[1]


def test_a_first_login_never_lands_on_a_newer_empty_campaign(client, login, clock):
    clock.freeze(date(2022, 5, 25))
    basic_world()
    make_campaign("empty", "新建的空活动")
    assert "汉滨区创建示范城区" in _main(login("office").get("/"))


def test_a_first_login_lands_on_the_active_campaign_with_most_open_work(app, clock):
    clock.freeze(date(2022, 5, 25))
    world = basic_world()
    busy = make_campaign("busy", "另一活动")
    for i in range(5):  # 5 open assignments against the basic world's 4
        make_task(busy, f"任务{i}", [world.units["wj"]])
    later = make_campaign("later", "尚未开始的活动", phases=FUTURE)
    for i in range(5):
        make_task(later, f"未来任务{i}", [world.units["wj"]])
    db.session.commit()
    chosen = landing_campaign([later, busy, world.campaign], world.users["office"], date(2022, 5, 25))
    assert chosen == busy and not is_active(later, date(2022, 5, 25))


def test_a_unit_lands_where_its_own_open_work_is(app, clock):
    world = basic_world()
    other = make_campaign("other", "另一活动")
    for i in range(4):
        make_task(other, f"任务{i}", [world.units["cz"]])  # lots of work, but not 区卫健局's
    make_task(other, "卫健任务", [world.units["wj"]])
    make_task(world.campaign, "卫健的第二项任务", [world.units["wj"]])  # 区卫健局: 2 open here, 1 there
    db.session.commit()
    assert landing_campaign([other, world.campaign], world.users["wj"], date(2022, 5, 25)) == world.campaign


def test_the_campaign_a_user_chose_is_remembered_across_logins(app, client, login):
    basic_world()
    make_campaign("newer", "另一个创建活动")
    login("office").post("/campaign/switch", data={"slug": "newer"})
    client.post("/logout")
    assert "另一个创建活动" in _main(login("office").get("/"))


def test_one_users_choice_does_not_move_another(app, client, login):
    basic_world()
    make_campaign("newer", "另一个创建活动")
    login("office").post("/campaign/switch", data={"slug": "newer"})
    assert "汉滨区创建示范城区" in _main(login("leader").get("/"))


def test_the_bell_names_each_messages_campaign_and_opening_it_switches_there(app, client, login):
    world = basic_world()
    other = make_campaign("newer", "另一个创建活动")
    make_task(other, "另一活动的任务", [world.units["wj"]])
    notify_unit(world.units["wj"].id, "chase", "催办：另一活动的任务", link="/my", campaign_id=other.id)
    db.session.commit()
    client = login("wj")
    html = client.get("/notifications").get_data(as_text=True)
    assert 'data-testid="campaign">另一个创建活动<' in html
    note = db.session.scalar(db.select(Notification.id))
    client.post(f"/notifications/{note}/read")
    assert "另一活动的任务" in client.get("/my").get_data(as_text=True)


def test_a_message_that_begins_with_its_campaigns_name_does_not_say_it_twice(app, client, login):
    world = basic_world()
    name = world.campaign.name
    notify_unit(world.units["wj"].id, "cycle", f"【{name}】请于 2022-05-25 前报送进展。", link="/my",
                campaign_id=world.campaign.id)
    db.session.commit()
    html = login("wj").get("/notifications").get_data(as_text=True)
    listed = html.split('data-testid="campaign">', 1)[1]
    assert listed.startswith(f"{name}</span>请于 2022-05-25 前报送进展。") and f"【{name}】" not in html


def test_chasing_names_the_campaign_in_app_and_outside(app, world):
    db.session.add(Channel(unit_id=world.units["wj"].id, kind="email", target="wj@example.cn"))
    db.session.flush()
    chase_assignments([world.assignment(0, "wj")], "请加快。", world.users["office"])
    assert db.session.scalar(db.select(Notification.campaign_id)) == world.campaign.id
    assert world.campaign.name in db.session.scalar(db.select(OutboxMessage.subject))


def test_the_slug_is_made_from_the_name_and_kept_free(app):
    assert suggest_slug("汉滨区创建省级婴幼儿照护服务示范城区", 2021) == "hanbin-2021"
    make_campaign("hanbin-2021", "汉滨区创建示范城区")
    assert suggest_slug("汉滨区创建省级婴幼儿照护服务示范城区", 2021) == "hanbin-2021-2"
    assert suggest_slug("创建示范城区") == "cjsfcq"


def test_a_blank_slug_in_the_form_is_generated(app, login):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    form = client.get("/campaigns/new").get_data(as_text=True)
    assert 'title="必填"' in form and "data-slug-target" in form
    client.post("/campaigns/new", data={"name": "宝坻区创建示范区", "slug": "", "lead_days": 14,
                                        "mobilization-starts_on": "2022-01-01", "mobilization-ends_on": "2022-02-01",
                                        "implementation-starts_on": "2022-02-02", "implementation-ends_on": "2022-05-31",
                                        "self_assessment-starts_on": "2022-06-01", "acceptance-starts_on": "2022-08-21",
                                        "self_assessment-ends_on": "2022-08-20"})
    assert client.get("/campaigns/slug", query_string={"name": "宝坻区创建示范区", "year": 2022}).json["slug"] == \
        "baodi-2022-2"
