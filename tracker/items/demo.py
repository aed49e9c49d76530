"""The demo's 督办事项: a 领导批示 typed in by the office (特急), a leader's 批示 on a list task registered as it is,
and the joint meeting's second 议定事项 — numbered one after another from the 发文登记. Seeded once."""
from sqlalchemy import select

from tracker import clock
from tracker.assignments.models import Assignment
from tracker.auth.services import find_user
from tracker.campaigns.services import get_campaign
from tracker.extensions import db
from tracker.items.models import SupervisionItem
from tracker.items.services import ItemSpec, register_existing_task, register_instruction_item
from tracker.supervision.services import record_instruction
from tracker.tasks.models import Task
from tracker.units.services import find_unit

NEW_ITEM = ("王区长", "区级托育综合服务指导中心要加快建设进度，确保年内建成投用，请区卫健局牵头、区发改局和区住建局配合，"
            "尽快拿出时间表。", "加快建设区级托育综合服务指导中心，确保年内建成投用")
ON_TASK = "此项是创建工作的基础，请抓紧出台，按期报送。"
REPLY = "办结后 3 个工作日内书面报告办理结果，并上传佐证材料。"


def seed_items(campaign, body_slug: str | None = None) -> None:
    """Three items, once (only while the campaign has none)."""
    office, leader = find_user("office"), find_user("leader")
    if office is None or leader is None or db.session.scalar(
            select(SupervisionItem.id).where(SupervisionItem.campaign_id == campaign.id).limit(1)):
        return
    today = clock.today(campaign.timezone)
    lead, co = find_unit("区卫健局"), [u for u in (find_unit("区发改局"), find_unit("区住建局")) if u]
    if lead is not None:
        name, text, content = NEW_ITEM
        register_instruction_item(campaign, ItemSpec(content=content, lead=lead, co=co, leader_name=name,
                                                     instruction_text=text, instructed_on=today,
                                                     urgency="extra_urgent", reply_requirement=REPLY), office)
    task = db.session.scalar(select(Task).join(Assignment, Assignment.task_id == Task.id)
                             .where(Task.campaign_id == campaign.id, Assignment.role == "lead",
                                    Assignment.status == "returned").order_by(Task.sequence).limit(1))
    if task is not None:
        note = record_instruction(campaign, ON_TASK, leader, task=task)
        register_instruction_item(campaign, ItemSpec(leader_name=leader.display_name, instruction_text=ON_TASK,
                                                     instructed_on=today, urgency="urgent", reply_requirement=REPLY),
                                  office, instruction=note)
    body = get_campaign(body_slug) if body_slug else None
    matters = db.session.scalars(select(Task).where(Task.campaign_id == body.id, Task.meeting_id.is_not(None))
                                 .order_by(Task.sequence)).all() if body else []
    if len(matters) > 1:
        register_existing_task(matters[1], office, "每季度末报送一次进展，办结后书面报告联席会议办公室。")
    db.session.flush()
