import calendar
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.imports.deadlines import DeadlineError, parse_deadline, parse_deadline_text


@pytest.mark.parametrize("text, expected", [
    ("2022-06-30", date(2022, 6, 30)), ("2022/6/30", date(2022, 6, 30)), ("2022.4.30", date(2022, 4, 30)),
    ("2022年6月30日", date(2022, 6, 30)), ("2022年8月20日前", date(2022, 8, 20)),
    ("2022 年 8 月 20 日之前", date(2022, 8, 20)),
    ("2022年6月", date(2022, 6, 30)), ("2022年6月底前", date(2022, 6, 30)), ("2022年2月底", date(2022, 2, 28)),
    ("2024年2月底前", date(2024, 2, 29)),
    ("2022年底前", date(2022, 12, 31)), ("2022年年底", date(2022, 12, 31)), ("2022年底", date(2022, 12, 31)),
    ("长期坚持", None), ("长期", None), ("持续推进", None), ("常态化", None),
])
def test_text_deadlines(text, expected):
    assert parse_deadline_text(text) == expected


@pytest.mark.parametrize("text", ["尽快", "2022年13月", "2022-02-30", "下半年", "6月底", "2022年6月31日"])
def test_anything_else_is_an_error(text):
    with pytest.raises(DeadlineError):
        parse_deadline_text(text)


def test_excel_dates_and_serials():
    assert parse_deadline(datetime(2022, 6, 30, 0, 0)).due == date(2022, 6, 30)
    assert parse_deadline(date(2022, 6, 30)).due == date(2022, 6, 30)
    assert parse_deadline(44742).due == date(2022, 6, 30)  # Excel serial
    assert parse_deadline(None).due is None and parse_deadline("  ").text is None


def test_text_is_kept_with_the_date():
    d = parse_deadline("2022年6月底前")
    assert (d.due, d.text) == (date(2022, 6, 30), "2022年6月底前")


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@given(dates, st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日",
                               "{y}年{m}月{d}日前", "{y}-{m}-{d}"]))
def test_day_formats_round_trip(day, fmt):
    assert parse_deadline_text(fmt.format(y=day.year, m=day.month, d=day.day)) == day


@given(dates, st.sampled_from(["{y}年{m}月", "{y}年{m}月底前", "{y}年{m}月底"]))
def test_month_formats_mean_the_last_day(day, fmt):
    due = parse_deadline_text(fmt.format(y=day.year, m=day.month))
    assert (due.year, due.month) == (day.year, day.month)
    assert due.day == calendar.monthrange(day.year, day.month)[1]


@given(st.text(alphabet="尽快下半年适时待定抓紧随时按要求", min_size=1, max_size=8))
def test_words_without_dates_are_errors_not_guesses(text):
    if text in ("长期",):
        return
    with pytest.raises(DeadlineError):
        parse_deadline_text(text)
