"""The Hanbin demo carries seed 001's indicators: one behind, one on track, one met — and loads once."""
from datetime import date

from sqlalchemy import func, select

from tracker.campaigns.services import get_campaign
from tracker.extensions import db
from tracker.indicators.models import Indicator, IndicatorValue
from tracker.indicators.progress import standings


def test_demo_indicators_stand_as_the_story_says_on_the_demo_day(runner, app):
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    views = {v.indicator.name: v for v in standings(get_campaign("hanbin"), date(2022, 5, 25))}
    assert views["新增托位"].assessment.status == "behind"
    assert views["婴幼儿早期发展知识普及率"].assessment.status == "met"
    ratio = views["每千人口拥有3岁以下婴幼儿托位数"]
    assert (ratio.assessment.status, str(ratio.assessment.latest.value)) == ("on_track", "2.99")
    assert views["伤、残、病等重点幼儿接受照护指导率"].assessment.status == "no_data"  # its value was returned
    assert views["家长和看护人员接受科学育儿指导率"].pending == 1


def test_running_the_demo_twice_adds_no_indicator_or_value(runner, app):
    runner.invoke(args=["demo", "--quiet"])
    counts = (db.session.scalar(select(func.count(Indicator.id))), db.session.scalar(select(func.count(IndicatorValue.id))))
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    assert (db.session.scalar(select(func.count(Indicator.id))),
            db.session.scalar(select(func.count(IndicatorValue.id)))) == counts == (8, 11)
