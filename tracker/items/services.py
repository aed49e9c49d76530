"""Registering 督办事项: a new task from a 领导批示 or a 督查 finding, or an existing task (a 批示's task, a
meeting's 议定事项, a 整改事项) registered as it is — never a second task for the same work.

Each item takes its 统一编号 from the 发文登记 (kind 督办事项): one sequence for every source, never reused or
skipped (tracker/registers/services.py). Services flush; the caller commits.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker import clock
from tracker.assignments.assigning import create_task
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.items.models import Source, SupervisionItem, Urgency
from tracker.items.urgency import default_due
from tracker.notifications.services import notify_unit
from tracker.registers.models import DocKind
from tracker.registers.services import issue_number
from tracker.supervision.models import Inspection, Instruction, Rectification
from tracker.tasks.models import Category, Task, deadline_problem, title_key
from tracker.text import clip
from tracker.timeutil import to_local
from tracker.units.models import Unit

ITEM_CATEGORY = "督办事项"  # the category of the tasks an item creates (existing tasks keep theirs)


class ItemError(Refusal):
    """A refused 督办事项 action; the message is shown to the user."""


@dataclass
class ItemSpec:
    """What the office types (or what a conversion carries over) for one item."""

    content: str = ""
    lead: Unit | None = None
    co: list[Unit] = field(default_factory=list)
    due: date | None = None
    reply_requirement: str = ""
    leader_name: str = ""
    instruction_text: str = ""
    instructed_on: date | None = None
    urgency: str = ""


def _same_campaign(campaign: Campaign, source, what: str) -> None:
    """An item is registered in the campaign its 批示 or 督查 belongs to (the office may be looking at another)."""
    if source is not None and source.campaign_id != campaign.id:
        raise ItemError(f"{what}属于另一项创建活动：请先在页面顶部切换到该活动，再转为督办事项。")


def register_instruction_item(campaign: Campaign, spec: ItemSpec, actor, *,
                              instruction: Instruction | None = None) -> SupervisionItem:
    """A 领导批示 item. The 办理时限 left blank is the urgency's limit in working days from the 批示's date.
    From a 批示 on a task, that task is registered as it is (its units and deadline stay); otherwise a new task
    is given to the 主办 unit (lead) and the 协办 units."""
    _check_instruction(spec)
    _same_campaign(campaign, instruction, "该批示")
    if instruction is not None and _item_of_instruction(instruction.id):
        raise ItemError("该批示已转为督办事项。")
    details = {"leader_name": spec.leader_name.strip(), "instruction_text": spec.instruction_text.strip(),
               "instructed_on": spec.instructed_on, "urgency": spec.urgency,
               "instruction_id": instruction.id if instruction else None}
    if instruction is not None and instruction.task is not None:
        return _register(instruction.task, Source.INSTRUCTION, actor, spec.reply_requirement, **details)
    spec.content = spec.content.strip() or spec.instruction_text.strip()
    spec.due = spec.due or default_due(campaign, spec.urgency, spec.instructed_on)
    if spec.due < spec.instructed_on:
        raise ItemError(f"办理时限 {spec.due.isoformat()} 早于批示日期 {spec.instructed_on.isoformat()}。")
    return _register(_new_task(campaign, spec, actor), Source.INSTRUCTION, actor, spec.reply_requirement, **details)


def register_inspection_item(campaign: Campaign, inspection: Inspection, spec: ItemSpec, actor) -> SupervisionItem:
    """A 督查 finding made an item: a new task for the 主办 and 协办 units, due on or after the inspection."""
    _same_campaign(campaign, inspection, "该督查记录")
    if spec.due is None:
        raise ItemError("请填写办理时限。")
    if spec.due < inspection.held_on:
        raise ItemError(f"办理时限 {spec.due.isoformat()} 早于督查日期 {inspection.held_on.isoformat()}。")
    task = _new_task(campaign, spec, actor)
    return _register(task, Source.INSPECTION, actor, spec.reply_requirement, inspection_id=inspection.id)


def register_existing_task(task: Task, actor, reply_requirement: str = "") -> SupervisionItem:
    """A meeting's 议定事项 or a 整改事项 registered as an item, as it is (no second task): its source is the
    meeting that decided it or the inspection that found it."""
    if task.meeting_id is not None:
        return _register(task, Source.MEETING, actor, reply_requirement, meeting_id=task.meeting_id)
    rect = db.session.scalar(select(Rectification).where(Rectification.task_id == task.id))
    if rect is not None:
        return _register(task, Source.INSPECTION, actor, reply_requirement, inspection_id=rect.inspection_id)
    raise ItemError("只有会议议定事项和整改事项可以直接转为督办事项；领导批示请从批示转入。")


def set_reply_requirement(item: SupervisionItem, text: str, actor) -> None:
    """Change an item's 办复要求 (what the unit must report back and how). Flushes; audited."""
    text = (text or "").strip()
    if len(text) > 1000:
        raise ItemError("办复要求最多 1000 个字。")
    before = item.reply_requirement
    if text == before:
        raise ItemError("办复要求没有变化。")
    item.reply_requirement = text
    db.session.flush()
    lead = item.task.lead
    record_event(actor, "item.reply_requirement", item, f"修改督办事项 {item.number} 的办复要求：{clip(text, 60)}",
                 campaign_id=item.campaign_id, assignment_id=lead.id if lead else None,
                 before={"reply_requirement": before}, after={"reply_requirement": text})


def registrable_as_is(task: Task) -> bool:
    """Whether the office may register the task as an item as it is: a meeting's 议定事项 or a 整改事项."""
    if task.meeting_id is not None:
        return True
    return db.session.scalar(select(Rectification.id).where(Rectification.task_id == task.id)) is not None


def instruction_defaults(instruction: Instruction) -> ItemSpec:
    """The form of a 批示 being made an item, filled from it: leader, text, date, and its task's or unit's work."""
    author = instruction.author
    spec = ItemSpec(leader_name=(author.display_name if author else "") or "", instruction_text=instruction.text,
                    instructed_on=to_local(instruction.created_at).date(),
                    urgency=Urgency.NORMAL.value, content=instruction.task.title if instruction.task else instruction.text)
    if instruction.task is not None:
        spec.lead = instruction.task.lead.unit if instruction.task.lead else None
        spec.co = [a.unit for a in instruction.task.assignments if a.role == "co"]
        spec.due = instruction.task.deadline
    else:
        spec.lead = instruction.unit
    return spec


def item_of_task(task_id: int) -> SupervisionItem | None:
    return db.session.scalar(select(SupervisionItem).where(SupervisionItem.task_id == task_id))


def _item_of_instruction(instruction_id: int) -> SupervisionItem | None:
    return db.session.scalar(select(SupervisionItem).where(SupervisionItem.instruction_id == instruction_id))


def _check_instruction(spec: ItemSpec) -> None:
    if not spec.leader_name.strip():
        raise ItemError("请填写批示领导。")
    if not spec.instruction_text.strip():
        raise ItemError("请填写批示内容。")
    if spec.instructed_on is None:
        raise ItemError("请填写批示日期。")
    if spec.urgency not in Urgency.values():
        raise ItemError("请选择紧急程度。")


def _new_task(campaign: Campaign, spec: ItemSpec, actor) -> Task:
    content = (spec.content or "").strip()
    if not content:
        raise ItemError("请填写督办内容。")
    if spec.lead is None:
        raise ItemError("请选择主办单位。")
    if problem := deadline_problem(spec.due):
        raise ItemError(problem.replace("完成时限", "办理时限"))
    co = [u for u in dict.fromkeys(spec.co) if u.id != spec.lead.id]
    same = (select(Task.id).join(Category, Category.id == Task.category_id)
            .where(Task.campaign_id == campaign.id, Category.name == ITEM_CATEGORY, Task.title_key == title_key(content)))
    if db.session.scalar(same):
        raise ItemError("已有内容相同的督办事项，请修改督办内容。")
    return create_task(campaign, ITEM_CATEGORY, content, [spec.lead, *co], deadline=spec.due, actor=actor)


def _register(task: Task, source: Source, actor, reply_requirement: str = "", **details) -> SupervisionItem:
    """Number the task as an item (统一编号 from the 发文登记), tell its units, audit it."""
    if (existing := item_of_task(task.id)) is not None:
        raise ItemError(f"该任务已登记为督办事项（{existing.number}）。")
    today = clock.today(task.campaign.timezone)
    entry = issue_number(DocKind.ITEM, f"{source.label}：{clip(task.title, 80)}", today, actor,
                         campaign_id=task.campaign_id, unit_id=task.lead.unit_id if task.lead else None)
    item = SupervisionItem(campaign_id=task.campaign_id, task_id=task.id, register_entry_id=entry.id,
                           source=source.value, reply_requirement=(reply_requirement or "").strip(),
                           created_by_id=getattr(actor, "id", None), **details)
    try:
        with db.session.begin_nested():  # another office registering the same task at once: its unique key
            db.session.add(item)
    except IntegrityError as exc:
        raise ItemError("该任务或批示刚刚已被登记为督办事项，请刷新后查看。", status=409) from exc
    lead = task.lead
    record_event(actor, "item.register", item, f"登记督办事项 {entry.number_text}（{source.label}）：{clip(task.title, 40)}",
                 campaign_id=task.campaign_id, assignment_id=lead.id if lead else None,
                 after={"number": entry.number_text, "source": source.value, "task_id": task.id})
    for a in task.assignments:
        notify_unit(a.unit_id, "item", f"督办事项 {entry.number_text}（{source.label}）：{clip(task.title, 60)}",
                    link=f"/assignments/{a.id}", campaign_id=task.campaign_id)
    return item
