"""The status rule of an indicator on a day, at every boundary (pure: no database)."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.indicators.status import (
    Point,
    Standing,
    Target,
    as_json_number,
    assess,
    derive_points,
    fmt,
    progress_percent,
)

D = Decimal
FIRST, LAST = date(2021, 12, 31), date(2022, 12, 31)
BEDS = [Target(FIRST, D(400)), Target(LAST, D(500))]  # 新增托位 400 by 2021, 500 by 2022
LEAD = 14


def status(points, today, milestones=BEDS, direction="at_least", lead=LEAD):
    return assess(direction, milestones, points, today, lead).status


def test_no_approved_value_is_no_data_even_after_a_milestone_passed():
    assert status([], date(2022, 3, 1)) == Standing.NO_DATA


def test_a_value_dated_after_today_does_not_count_yet():
    assert status([Point(date(2022, 3, 1), D(450))], date(2022, 2, 28)) == Standing.NO_DATA


def test_reaching_the_last_target_is_met():
    assert status([Point(date(2021, 12, 31), D(400)), Point(date(2022, 6, 30), D(500))], date(2022, 7, 1)) == "met"


def test_met_wins_over_a_missed_earlier_milestone():
    assert status([Point(date(2021, 12, 31), D(300)), Point(date(2022, 6, 30), D(520))], date(2022, 7, 1)) == "met"


def test_on_the_milestones_day_a_value_short_of_it_is_behind():
    # the milestone has not passed yet, but it is due today (within the lead days)
    assert status([Point(date(2021, 11, 30), D(380))], FIRST) == Standing.BEHIND


def test_on_the_milestones_day_a_value_reaching_it_is_on_track():
    assert status([Point(FIRST, D(400))], FIRST) == Standing.ON_TRACK


def test_the_day_after_a_missed_milestone_is_behind():
    assert status([Point(date(2021, 12, 20), D(399))], FIRST + timedelta(days=1)) == Standing.BEHIND


def test_a_missed_milestone_stays_behind_after_a_later_value_reaches_it():
    points = [Point(FIRST, D(360)), Point(date(2022, 3, 31), D(450))]
    assessment = assess("at_least", BEDS, points, date(2022, 4, 1), LEAD)
    assert assessment.status == Standing.BEHIND and assessment.missed == BEDS[0]
    assert "360" in assessment.reason


def test_a_value_reported_late_but_as_of_the_milestone_counts_for_it():
    points = [Point(FIRST, D(410))]
    assert status(points, date(2022, 1, 15)) == Standing.ON_TRACK


def test_no_value_by_a_passed_milestone_is_behind():
    assert status([Point(date(2022, 1, 10), D(450))], date(2022, 1, 11)) == Standing.BEHIND


@pytest.mark.parametrize(("days_before", "expected"), [
    (LEAD + 1, Standing.ON_TRACK),  # just outside the lead days
    (LEAD, Standing.BEHIND),  # the first day within them
    (1, Standing.BEHIND),
])
def test_the_next_milestone_within_lead_days_and_not_reached_is_behind(days_before, expected):
    points = [Point(FIRST, D(420))]
    assert status(points, LAST - timedelta(days=days_before)) == expected


def test_within_lead_days_a_value_already_reaching_the_next_milestone_is_on_track():
    assert status([Point(FIRST, D(420)), Point(date(2022, 12, 1), D(490))],
                  date(2022, 12, 20), milestones=[Target(FIRST, D(400)), Target(LAST, D(480)),
                                                  Target(date(2023, 12, 31), D(900))]) == Standing.ON_TRACK


def test_lead_days_zero_flags_only_on_the_day_itself():
    points = [Point(FIRST, D(420))]
    assert status(points, LAST - timedelta(days=1), lead=0) == Standing.ON_TRACK
    assert status(points, LAST, lead=0) == Standing.BEHIND


def test_at_most_reaches_from_above():
    ratio = [Target(LAST, D(10))]
    assert status([Point(date(2022, 6, 1), D(9.5))], date(2022, 6, 2), milestones=ratio, direction="at_most") == "met"
    assert status([Point(date(2022, 6, 1), D(12))], date(2022, 6, 2), milestones=ratio,
                  direction="at_most") == Standing.ON_TRACK
    assert status([Point(date(2022, 6, 1), D(12))], LAST, milestones=ratio, direction="at_most") == Standing.BEHIND


def test_on_one_date_the_later_report_wins():
    points = [Point(FIRST, D(380)), Point(FIRST, D(405))]
    assert status(points, date(2022, 1, 2)) == Standing.ON_TRACK


def test_next_milestone_is_the_first_on_or_after_today_and_none_after_the_last():
    points = [Point(FIRST, D(420))]
    assert assess("at_least", BEDS, points, FIRST, LEAD).next_milestone == BEDS[0]
    assert assess("at_least", BEDS, points, FIRST + timedelta(days=1), LEAD).next_milestone == BEDS[1]
    assert assess("at_least", BEDS, points, LAST + timedelta(days=1), LEAD).next_milestone is None


def test_after_the_last_milestone_short_of_it_is_behind():
    assert status([Point(FIRST, D(420)), Point(LAST, D(480))], LAST + timedelta(days=1)) == Standing.BEHIND


def test_an_indicator_without_milestones_with_data_is_on_track():
    assert status([Point(FIRST, D(1))], LAST, milestones=[]) == Standing.ON_TRACK


@given(st.dates(date(2021, 1, 1), date(2023, 12, 31)),
       st.lists(st.tuples(st.dates(date(2021, 1, 1), date(2023, 12, 31)), st.integers(0, 700)), max_size=6))
def test_the_status_is_always_one_of_four_and_no_data_exactly_without_a_value_by_today(today, raw):
    points = sorted((Point(d, D(v)) for d, v in raw), key=lambda p: p.on)
    result = status(points, today)
    assert result in set(Standing)
    assert (result == Standing.NO_DATA) == (not any(p.on <= today for p in points))


# --- progress and numbers ------------------------------------------------------------------------------------

def test_progress_runs_from_the_baseline_to_the_target():
    assert progress_percent("at_least", D(100), D(250), D(400)) == 50.0
    assert progress_percent("at_least", None, D(200), D(400)) == 50.0
    assert progress_percent("at_least", None, D(450), D(400)) == 100.0
    assert progress_percent("at_least", D(500), D(450), D(400)) == 100.0


def test_progress_of_an_at_most_indicator_runs_down_from_the_baseline():
    assert progress_percent("at_most", D(20), D(15), D(10)) == 50.0
    assert progress_percent("at_most", D(20), D(25), D(10)) == 0.0


def test_progress_without_a_value_or_a_target_is_none():
    assert progress_percent("at_least", None, None, D(4)) is None
    assert progress_percent("at_least", None, D(4), None) is None


def test_numbers_read_as_written():
    assert (fmt(D("400.0000")), fmt(D("4.7000")), fmt(D("870000")), fmt(None)) == ("400", "4.7", "870,000", "—")
    assert (as_json_number(D("400.0000")), as_json_number(D("4.70")), as_json_number(None)) == (400, 4.7, None)


def test_derived_points_follow_the_latest_of_every_input():
    beds = [Point(date(2021, 12, 31), D(2400)), Point(date(2022, 3, 31), D(2610))]
    people = [Point(date(2021, 6, 30), D(870000))]

    def per_thousand(values):
        b, p = values["托位数"], values["常住人口"]
        return None if b is None or p is None else b / p * 1000

    assert derive_points(per_thousand, {"托位数": beds, "常住人口": people}) == [
        Point(date(2021, 12, 31), D("2.76")), Point(date(2022, 3, 31), D("3.00"))]
