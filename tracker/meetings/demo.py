"""The demo's joint meeting: 荆州市促进3岁以下婴幼儿照护服务发展工作联席会议 (seed 000) — its sixteen member
units with their duties as the notice wrote them (abridged), one liaison each, the office at 市卫健委, and a
全体会议 whose two 议定事项 are assigned: one approved, one under way. Loaded once, through the app's services.
"""
from datetime import date

from sqlalchemy import select

from tracker.assignments.services import add_progress_update, submit_assignment
from tracker.auth.models import User
from tracker.campaigns.services import get_campaign
from tracker.extensions import db
from tracker.meetings.meetings import MeetingSpec, record_meeting, rows_sheet
from tracker.meetings.member_import import MemberSheet, import_members
from tracker.meetings.members import member_units
from tracker.meetings.services import BodySpec, create_body
from tracker.review.services import approve_assignment
from tracker.tasks.models import Task
from tracker.units.services import find_unit, upsert_unit

BODY_SLUG = "jingzhou-lxhy"
BODY_NAME = "荆州市促进3岁以下婴幼儿照护服务发展工作联席会议"
GROUP = "荆州市直"
# (成员单位, 职责 — the notice's 四、职责分工, first sentence or two) in the notice's order
MEMBERS = (
    ("市发改委", "负责将托育服务纳入经济社会发展相关规划，争取资金支持托育机构和设施建设，重点支持承担一定指导功能的示范托育机构和社区托育服务设施。"),
    ("市教育局", "负责托育服务人才培养，指导市内高校和职业院校加强托育服务有关学科专业建设；鼓励有条件的幼儿园开设托班，招收2到3岁幼儿。"),
    ("市公安局", "负责监督指导托育机构开展安全防范，推进托育机构周边社会治安综合治理，依法打击侵害婴幼儿人身权益等违法犯罪行为。"),
    ("市民政局", "负责指导做好社会服务机构注册登记，将托育服务纳入社区服务体系建设规划，依托社区综合服务设施积极拓展托育服务功能。"),
    ("市财政局", "负责利用现有政策和资金渠道对托育服务行业发展予以支持，保障托育日常服务管理所需工作经费。"),
    ("市人社局", "负责牵头推动落实相关产休假政策，依法保障托育服务工作人员劳动权益；将托育服务工作人员纳入培训规划，按规定落实职业培训补贴。"),
    ("市自然资源和规划局", "负责完善相关规范、规划和标准，将托育机构和设施建设用地纳入国土空间规划；涉及新增建设用地指标的，给予优先安排。"),
    ("市住建局", "负责依法依规对新建、改建、扩建的托育服务设施的建设进行监督管理，做好托育机构服务设施的消防设计审查验收工作。"),
    ("市应急局", "负责依法行使安全生产综合监督管理职权，指导协调、监督检查相关部门做好托育机构安全生产工作。"),
    ("市卫健委", "负责承担联席会议办公室职能，联合有关部门拟订政策、分析形势、发布信息；牵头建立托育服务专家库；做好托育机构的备案、业务指导和监督管理。"),
    ("市税务局", "负责落实支持托育服务发展的税收优惠政策。"),
    ("市市场监管局", "负责营利性托育机构企业法人注册登记，并及时将登记信息推送当地卫生健康部门；做好饮食用药安全监管工作。"),
    ("市总工会", "负责促进用人单位为职工提供福利性托育服务，发挥社会监督作用，维护职工合法权益，调查研究职工托育服务需求。"),
    ("团市委", "负责针对青年开展婴幼儿照护有关的宣传教育，参与青年托育服务从业人员职业道德建设。"),
    ("市妇联", "负责促进用人单位为职工提供福利性托育服务，参与家庭科学育儿指导服务，加强对女性从业人员维权服务。"),
    ("市计生协会", "负责参与托育服务的宣传教育和社会监督，多渠道、多形式参与托育服务。"),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭"
GIVEN = "明华丽军静磊敏强芳伟娟勇艳杰涛霞"
MATTERS = [
    ("制定支持社会力量发展普惠托育服务的实施方案，报市政府审定", "市卫健委、市发改委、市财政局", "2021年6月底前"),
    ("将托育机构和设施建设用地纳入国土空间规划，优先安排新增建设用地指标", "市自然资源和规划局、市住建局", "2022年6月底前"),
]
FOUNDED = date(2020, 12, 15)
LIAISONS_SINCE = date(2021, 1, 5)
PLENARY = date(2021, 3, 10)


def _directory() -> MemberSheet:
    rows = [{"row": i, "cells": {"unit": name, "duty": duty, "liaison": SURNAMES[i - 2] + GIVEN[i - 2],
                                 "post": "科长", "phone": f"0716-84{i:02d}{i * 37 % 100:02d}", "email": ""}}
            for i, (name, duty) in enumerate(MEMBERS, start=2)]
    return MemberSheet("成员单位", {"unit": 1, "duty": 2, "liaison": 3, "post": 4, "phone": 5, "email": 6}, rows)


def load_demo_body() -> list[str]:
    """Load (once) the Jingzhou joint meeting; returns the names of the units it created (they get demo
    accounts, like the Hanbin units), or [] when it is there already."""
    if get_campaign(BODY_SLUG) is not None:
        return []
    created = [name for name, _ in MEMBERS if find_unit(name) is None]
    for name, _ in MEMBERS:
        upsert_unit(name, group_name=GROUP)
    db.session.flush()
    spec = BodySpec(BODY_NAME, find_unit("市卫健委"), ("市政府分管副市长", ""),
                    [("联系卫健工作的市政府副秘书长", ""), ("市卫健委主要负责人", "")], "", FOUNDED)
    body = create_body(BODY_SLUG, spec)
    import_members(body, _directory(), today=LIAISONS_SINCE)
    units = member_units(body)
    present = [u.id for u in units if u.name != "市计生协会"]
    meeting = MeetingSpec("plenary", PLENARY, "2021年第一次全体会议", place="市政府第三会议室", chair="市政府分管副市长",
                          agenda="一、通报全市托育服务发展情况\n二、审议联席会议工作规则\n三、研究部署2021年重点工作",
                          minutes="会议听取了市卫健委关于全市托育服务发展情况的汇报，审议通过了联席会议工作规则。"
                                  "会议议定：一、由市卫健委牵头制定支持社会力量发展普惠托育服务的实施方案；"
                                  "二、由市自然资源和规划局将托育机构和设施建设用地纳入国土空间规划。",
                          present=present, absent={find_unit("市计生协会").id: "请假"})
    record_meeting(body, meeting, rows_sheet(MATTERS))
    return created


def seed_body_activity() -> None:
    """The first matter reported, submitted and approved; the second under way (its lead wrote progress)."""
    body = get_campaign(BODY_SLUG)
    if body is None:
        return
    from_office = db.session.scalar(select(User).where(User.username == "office"))
    tasks = db.session.scalars(select(Task).where(Task.campaign_id == body.id).order_by(Task.sequence)).all()
    if len(tasks) < 2 or tasks[0].lead.status != "not_started":
        return  # seeded already (or changed by hand since)
    first, second = tasks[0].lead, tasks[1].lead
    if (user := _liaison(first.unit_id)) is not None:
        add_progress_update(first, user, first.version, "实施方案已起草并征求成员单位意见，经市政府常务会议审定后印发。")
        submit_assignment(first, user, first.version, "实施方案已印发，请审核。")
        approve_assignment(first, from_office)
    if (user := _liaison(second.unit_id)) is not None:
        add_progress_update(second, user, second.version, "已将托育设施用地需求纳入国土空间规划编制，正在征求意见。",
                            "个别县市区规划编制进度滞后。", "督促各县市区在规划中预留托育用地。")
    db.session.flush()


def _liaison(unit_id: int) -> User | None:
    return db.session.scalar(select(User).where(User.unit_id == unit_id, User.role == "unit").limit(1))
