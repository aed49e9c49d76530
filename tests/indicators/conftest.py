"""Indicators of the basic world: 新增托位 (区卫健局 leads, 区发改局 helps), and the per-1,000 ratio."""
from datetime import date

import pytest

from tests.factories import make_indicator
from tracker.extensions import db

FIRST, LAST = date(2021, 12, 31), date(2022, 12, 31)


@pytest.fixture
def beds(world):
    """新增托位 ≥ 400 by 2021-12-31, ≥ 500 by 2022-12-31, reported by 区卫健局 and 区发改局."""
    indicator = make_indicator(world.campaign, "新增托位", [world.units["wj"], world.units["fg"]],
                               [(FIRST, 400), (LAST, 500)], baseline=0)
    db.session.commit()
    return indicator


@pytest.fixture
def ratio(world):
    """托位数 and 常住人口 reported by 区卫健局; 每千人口托位数 = 托位数 ÷ 常住人口 × 1000 ≥ 4.7 by 2025."""
    wj = world.units["wj"]
    make_indicator(world.campaign, "托位数", [wj], [(date(2025, 12, 31), 4100)])
    make_indicator(world.campaign, "常住人口", [wj], [(date(2025, 12, 31), 870000)], measure="人")
    derived = make_indicator(world.campaign, "每千人口托位数", [], [(date(2025, 12, 31), 4.7)],
                             formula="托位数 ÷ 常住人口 × 1000")
    db.session.commit()
    return derived
