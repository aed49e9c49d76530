"""The demo's half-year cycles: 2022年上半年 履职情况, due 2022-07-10 — on the Hanbin campaign (owed by every
responsible unit) and on the Jingzhou joint meeting (owed by every member unit).

On the demo clock (2022-05-25) three units have reported early: the office accepted one, returned one with the
reason, and one waits; the others are 未报 (逾期未报 from 2022-07-11, e.g. DEMO_TODAY=2022-07-15 make run).
Made once: only while the campaign has no cycle. Through the app's own services; timestamps set to the demo's days.
"""
from datetime import date, datetime

from sqlalchemy import select

from tracker.auth.models import User
from tracker.auth.services import find_user
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.reports.filing import Filing, accept_report, file_report, prefill, return_report
from tracker.reports.models import ReportCycle
from tracker.reports.services import CycleSpec, create_cycle

DEMO_CYCLE, DEMO_DUE = "2022年上半年", date(2022, 7, 10)
RETURN_REASON = "请补充上半年新增托位数和资金到位情况的具体数字。"
TEXTS = (
    "一、履职情况\n按照职责分工统筹推进创建工作，推动婴幼儿照护服务实施意见经{level}政府常务会议审议通过并印发；"
    "协调落实托育服务专项资金。\n二、存在问题\n普惠托位供给仍不足，社区托育点布局不均。\n三、下步打算\n下半年新增普惠托位 100 个，"
    "完成示范托育机构评选。",
    "一、履职情况\n将婴幼儿照护服务纳入{level}国民经济和社会发展规划，争取中央预算内投资支持普惠托育项目 1 个。\n"
    "二、存在问题\n项目前期手续办理进度偏慢。\n三、下步打算\n7 月底前完成项目可研批复。",
    "一、履职情况\n按要求安排托育服务补助资金。\n二、存在问题\n无。\n三、下步打算\n继续做好资金保障。",
)
FILER_KEYS = ("卫健", "发改", "财政")  # whose work each of TEXTS describes
FILED_AT = (datetime(2022, 5, 20, 2, 30), datetime(2022, 5, 23, 7, 10), datetime(2022, 5, 24, 1, 45))


def _liaison(unit_id: int) -> User | None:
    return db.session.scalar(select(User).where(User.unit_id == unit_id, User.role == "unit").limit(1))


def _filers(units: list) -> list[tuple]:
    """(text index, unit, liaison) for each text: the unit whose duties it reports (卫健, 发改, 财政), whatever the owed order."""
    found = []
    for i, key in enumerate(FILER_KEYS):
        unit = next((u for u in units if key in u.name), None)
        if unit is not None and (user := _liaison(unit.id)) is not None:
            found.append((i, unit, user))
    return found


def seed_reports(campaign: Campaign, level: str = "区") -> ReportCycle | None:
    """The demo cycle with three early reports (accepted, returned, waiting); None if the campaign has cycles.

    `level` is the government the reports speak of (区 for the district campaign, 市 for the city's joint meeting).
    """
    if db.session.scalar(select(ReportCycle.id).where(ReportCycle.campaign_id == campaign.id)) is not None:
        return None
    office = find_user("office")
    cycle = create_cycle(campaign, CycleSpec(DEMO_CYCLE, DEMO_DUE, remind_days=5), office)
    filers = _filers([o.unit for o in cycle.owed])
    for i, unit, user in filers:
        draft = prefill(cycle, unit)
        report = file_report(cycle, unit, Filing(TEXTS[i].format(level=level) + (f"\n\n附：\n{draft}" if draft else "")), user,
                             today=FILED_AT[i].date()).report
        report.first_submitted_at = report.submitted_at = FILED_AT[i]
        if i == 0:
            accept_report(report, office)
        elif i == 1:
            return_report(report, RETURN_REASON, office)
        if i < 2:
            report.reviewed_at = datetime(2022, 5, 24, 8, 0)
    db.session.flush()
    return cycle
