"""The Hanbin demo's indicators (seed 001 二、目标任务) and plausible values, through the app's own services.

hanbin_indicators.xlsx is imported by the importer (one row per milestone, merged cells); the values are
reported by the units' liaisons and reviewed by the office. On 2022-05-25 (the demo clock) 新增托位 is behind
(360 of 400 by 2021-12-31), 婴幼儿早期发展知识普及率 is met (96.2 % ≥ 95 %), the per-1,000 ratio is on track
(2.99, computed), one value awaits review and one was returned.
"""
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from tracker.auth.models import User
from tracker.auth.services import find_user
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.indicators.definitions import campaign_indicators, find_indicator
from tracker.indicators.importing import import_indicators
from tracker.indicators.reporting import Entry, approve_value, report_value, return_value
from tracker.units.services import find_unit

INDICATORS_FILE = Path(__file__).resolve().parent.parent / "demo_data" / "hanbin_indicators.xlsx"
APPROVE, PENDING = "approve", None
# (indicator, reporting unit, value, as of, note, review: approve | pending | a return reason)
VALUES = (
    ("新增托位", "区卫健局", "360", date(2021, 12, 31), "2021年全区新增托位汇总（含社区托育点）。", APPROVE),
    ("新增托位", "区发改局", "430", date(2022, 3, 31), "含城东新区普惠托育中心新增 50 个托位。", APPROVE),
    ("托位数", "区卫健局", "2240", date(2021, 12, 31), "全区备案托育机构托位合计。", APPROVE),
    ("托位数", "区卫健局", "2610", date(2022, 3, 31), "", APPROVE),
    ("常住人口", "区卫健局", "872000", date(2021, 12, 31), "区统计局年度常住人口推算数。", APPROVE),
    ("婴幼儿早期发展知识普及率", "区卫健局", "91.5", date(2021, 12, 31), "入户抽样调查。", APPROVE),
    ("婴幼儿早期发展知识普及率", "区卫健局", "96.2", date(2022, 3, 31), "一季度入户抽样调查 1,200 户。", APPROVE),
    ("家长和看护人员接受科学育儿指导率", "区卫健局", "86.5", date(2021, 12, 31), "", APPROVE),
    ("家长和看护人员接受科学育儿指导率", "区妇联", "89", date(2022, 4, 30), "含家长课堂线上参与人数。", PENDING),
    ("伤、残、病等重点幼儿接受照护指导率", "区卫健局", "93", date(2022, 3, 31), "",
     "请附区残联提供的重点幼儿名册及指导记录。"),
    ("公办或公建民营托育机构", "区卫健局", "1", date(2022, 4, 30), "区妇幼保健院托育园已备案。", APPROVE),
)


class DemoIndicatorError(RuntimeError):
    """The shipped demo workbook did not import clean (a bug in the demo data or the importer)."""


def _liaison(unit_id: int) -> User | None:
    return db.session.scalar(select(User).where(User.unit_id == unit_id, User.role == "unit").limit(1))


def seed_indicators(campaign: Campaign) -> None:
    """Import the demo indicators and their values once (nothing happens if the campaign has indicators)."""
    if campaign_indicators(campaign.id):
        return
    plan = import_indicators(campaign, INDICATORS_FILE.read_bytes())
    if not plan.ok:
        raise DemoIndicatorError("演示指标未能导入：" + "；".join(e.message for e in plan.errors))
    office = find_user("office")
    for name, unit_name, value, as_of, note, review in VALUES:
        unit = find_unit(unit_name)
        reported = report_value(find_indicator(campaign.id, name), unit, Entry(Decimal(value), as_of, note),
                                _liaison(unit.id), today=as_of).value
        if review == APPROVE:
            approve_value(reported, office)
        elif review is not None:
            return_value(reported, review, office)
    db.session.flush()
