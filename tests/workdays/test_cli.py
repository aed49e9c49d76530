from tracker.workdays.services import work_calendar


def test_workdays_set_then_check_shows_the_override(app, runner):
    assert runner.invoke(args=["workdays", "set", "2022-02-04", "--work", "--note", "补班"]).exit_code == 0
    result = runner.invoke(args=["workdays", "check", "2022-02-04"])
    assert result.exit_code == 0 and "工作日" in result.output and "休息日" not in result.output


def test_workdays_check_names_the_holiday(app, runner):
    assert "春节" in runner.invoke(args=["workdays", "check", "2022-02-01"]).output


def test_workdays_clear_without_an_override_is_refused(app, runner):
    assert runner.invoke(args=["workdays", "clear", "2022-02-01"]).exit_code == 1


def test_workdays_set_with_a_bad_date_is_a_usage_error(app, runner):
    result = runner.invoke(args=["workdays", "set", "2022-13-01", "--off"])
    assert result.exit_code == 2 and not work_calendar().overrides
