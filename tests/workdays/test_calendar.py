"""Working days on the official calendar across the 2022 Spring Festival (1-31 to 2-6 off; 1-29 and 1-30 make-up
working days), and the office's overrides."""
from datetime import date

from tracker.extensions import db
from tracker.workdays.calendar import WorkCalendar, holiday_name
from tracker.workdays.services import clear_override, set_override, work_calendar

CAL = WorkCalendar()


def test_a_spring_festival_day_is_not_a_working_day():
    assert not CAL.is_workday(date(2022, 2, 1))


def test_a_make_up_saturday_before_the_festival_is_a_working_day():
    assert CAL.is_workday(date(2022, 1, 29))


def test_an_ordinary_weekend_is_not_a_working_day():
    assert not CAL.is_workday(date(2022, 1, 22))


def test_adding_working_days_skips_the_festival_week():
    # Fri 1-28 → Sat 1-29 (make-up) → Sun 1-30 (make-up) → Mon 2-7 (first day back)
    assert CAL.add_workdays(date(2022, 1, 28), 3) == date(2022, 2, 7)


def test_subtracting_working_days_counts_the_make_up_days():
    assert CAL.add_workdays(date(2022, 2, 7), -2) == date(2022, 1, 29)


def test_working_days_between_across_the_festival():
    # after 1-27 up to 2-8: 1-28, 1-29, 1-30, 2-7, 2-8
    assert CAL.workdays_between(date(2022, 1, 27), date(2022, 2, 8)) == 5


def test_working_days_between_backwards_are_negative():
    assert CAL.workdays_between(date(2022, 2, 8), date(2022, 1, 27)) == -5


def test_zero_working_days_is_the_day_itself():
    assert CAL.add_workdays(date(2022, 2, 1), 0) == date(2022, 2, 1)


def test_a_year_without_official_data_falls_back_to_monday_to_friday():
    assert CAL.is_workday(date(2099, 1, 5)) and not CAL.is_workday(date(2099, 1, 3))


def test_the_holiday_is_named_in_chinese():
    assert holiday_name(date(2022, 2, 1)) == "春节"


def test_an_office_override_makes_a_holiday_a_working_day(app):
    set_override(date(2022, 2, 4), True, "区级安排")
    assert work_calendar().is_workday(date(2022, 2, 4))


def test_an_office_override_makes_a_working_day_a_day_off(app):
    set_override(date(2022, 2, 8), False, "地方节日")
    assert work_calendar().add_workdays(date(2022, 2, 7), 1) == date(2022, 2, 9)


def test_setting_a_day_twice_keeps_one_override(app):
    set_override(date(2022, 2, 8), False)
    set_override(date(2022, 2, 8), True)
    db.session.flush()
    assert work_calendar().overrides == {date(2022, 2, 8): True}


def test_clearing_an_override_restores_the_official_calendar(app):
    set_override(date(2022, 2, 1), True)
    clear_override(date(2022, 2, 1))
    assert not work_calendar().is_workday(date(2022, 2, 1))


def test_a_capped_count_is_exact_up_to_the_cap_and_beyond_it_only_more():
    cal, start = WorkCalendar(), date(2024, 2, 5)
    for end in (date(2024, 2, 6), date(2024, 2, 9), date(2024, 2, 19), date(2024, 3, 29), date(2030, 1, 1)):
        full = cal.workdays_between(start, end)
        capped = cal.workdays_between(start, end, cap=5)
        assert capped == full if full <= 5 else capped == 6
    assert cal.workdays_between(date(2024, 2, 19), start, cap=5) == cal.workdays_between(date(2024, 2, 19), start)
