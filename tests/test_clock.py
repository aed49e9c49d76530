"""The one clock (tracker/clock.py): frozen for tests, pinned for the demo's pages, started elsewhere for the
scheduler — and "today" always read from it."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_frozen_day_wins_over_every_other_setting(clock, monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "2022-05-25")
    clock.run_from(datetime(2022, 6, 25, 9, 0))
    clock.freeze(date(2021, 1, 1))
    assert clock.today() == date(2021, 1, 1)


def test_the_demo_date_pins_today_for_the_pages(clock, monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "2022-05-25")
    assert clock.today() == date(2022, 5, 25) == clock.demo_today()


def test_a_clock_run_from_a_moment_reads_it_now_and_runs_on(clock):
    clock.run_from(datetime(2022, 6, 25, 9, 0))
    assert abs(clock.now() - datetime(2022, 6, 25, 9, 0, tzinfo=SHANGHAI)) < timedelta(seconds=5)
    assert clock.now().tzinfo is not None and clock.today() == date(2022, 6, 25)


def test_a_running_clock_follows_its_own_day_not_the_pages_demo_date(clock, monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "2022-05-25")
    clock.run_from(datetime(2022, 6, 25, 23, 59, 59))
    assert clock.today() == date(2022, 6, 25)
    clock.run_from(None)
    assert clock.today() == datetime.now(SHANGHAI).date()


def test_reset_returns_to_the_real_clock(clock):
    clock.freeze(date(2021, 1, 1))
    clock.run_from(datetime(2030, 1, 1, 8, 0))
    clock.reset()
    assert clock.today() == datetime.now(SHANGHAI).date()
    assert abs(clock.now() - datetime.now(SHANGHAI)) < timedelta(seconds=5)


def test_a_moment_without_time_is_that_day_at_the_current_time_of_day_in_shanghai(clock):
    moment = clock.parse_moment("2022-06-25")
    real = datetime.now(SHANGHAI)
    assert moment.date() == date(2022, 6, 25)
    assert abs(datetime.combine(real.date(), moment.time()) - real.replace(tzinfo=None)) < timedelta(seconds=5)


def test_a_moment_with_time_is_read_as_written(clock):
    assert clock.parse_moment("2022-06-25T09:00") == datetime(2022, 6, 25, 9, 0)


@pytest.mark.parametrize("text", ["2022-13-01", "tomorrow", "2022-06-25 9am"])
def test_an_unreadable_moment_is_refused(clock, text):
    with pytest.raises(ValueError):
        clock.parse_moment(text)
