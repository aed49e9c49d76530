from datetime import date

from tests.factories import basic_world
from tracker import clock


def test_tracker_today_pins_the_date_pages_use(monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "2022-05-25")
    assert clock.today("Asia/Shanghai") == date(2022, 5, 25)
    monkeypatch.delenv("TRACKER_TODAY")
    assert clock.today("Asia/Shanghai") != date(2022, 5, 25)


def test_demo_clock_is_announced_on_every_page(client, login, monkeypatch):
    basic_world()
    monkeypatch.setenv("TRACKER_TODAY", "2022-05-25")
    body = login("office").get("/").get_data(as_text=True)
    assert 'data-testid="demo-clock"' in body and "2022-05-25" in body
    assert "距自查评估还有" in body.replace("<strong data-testid=\"days-to-gate\">", "")
