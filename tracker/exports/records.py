"""Plain data behind the exports: filled by `data.py` from the database, read by the pure builders."""
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class UnitWork:
    """One unit's share of a task (an assignment) as the ledger shows it."""

    unit: str
    role: str  # lead | co
    status: str
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    review: str = ""
    light: str = ""  # red | yellow | green (assignments/lights.py) as of the export date
    extended_to: date | None = None  # its own due date: an approved 延期申请 (the task's 完成时限 is the original)


@dataclass(frozen=True)
class TaskRecord:
    """One row of the responsibility list; `units` are canonical names, lead first."""

    number: int
    category_number: int
    category: str
    title: str
    deadline: date | None
    units: tuple[str, ...] = ()
    work: tuple[UnitWork, ...] = ()
    points: Decimal | None = None
    score: Decimal | None = None
    evidence_count: int = 0
    deadline_text: str | None = None  # the 完成时限 as the list wrote it (2022年6月底前, 常态化)

    @property
    def deadline_as_written(self) -> str | date:
        """What the ledger prints: the list's own words when they say more than the date (2021年12月底前,
        常态化, 持续推进), else the date (or 长期)."""
        text = (self.deadline_text or "").strip()
        if text and text != (self.deadline.isoformat() if self.deadline else ""):
            return text
        return self.deadline if self.deadline else "长期"

    @property
    def lead(self) -> str:
        return self.units[0] if self.units else ""

    @property
    def co(self) -> tuple[str, ...]:
        return self.units[1:]


@dataclass(frozen=True)
class UnitSummary:
    """Per unit counts for the sheet 单位汇总."""

    unit: str
    lead: int = 0
    co: int = 0
    submitted: int = 0
    approved: int = 0
    returned: int = 0
    overdue: int = 0

    @property
    def assigned(self) -> int:
        return self.lead + self.co

    @property
    def completion_rate(self) -> float:
        return self.approved / self.assigned if self.assigned else 0.0


@dataclass(frozen=True)
class OverdueItem:
    """An open overdue flag for the sheet 逾期事项."""

    unit: str
    task_number: int
    task: str
    due_on: date
    days_overdue: int
    status: str


@dataclass(frozen=True)
class IndicatorRecord:
    """One target indicator on the export date, for the sheet 指标完成情况 (indicators/progress.py decides)."""

    name: str
    measure: str
    direction: str  # 不低于 | 不高于
    baseline: Decimal | None
    milestones: tuple[tuple[date, Decimal], ...]
    target: Decimal | None  # the milestone the latest value is measured against (the next, else the last)
    target_on: date | None
    latest: Decimal | None
    latest_on: date | None
    progress: float | None  # 0–1
    status: str  # 已达标 / 正常推进 / 滞后 / 暂无数据
    reason: str = ""
    units: tuple[str, ...] = ()
    formula: str | None = None
    evidence_count: int = 0


@dataclass
class LedgerData:
    """Everything `build_ledger` needs; `unit_scope` names the unit when it is one unit's own ledger."""

    campaign_name: str
    export_date: date
    tasks: list[TaskRecord] = field(default_factory=list)
    units: list[UnitSummary] = field(default_factory=list)
    overdue: list[OverdueItem] = field(default_factory=list)
    unit_scope: str | None = None
    indicators: list[IndicatorRecord] = field(default_factory=list)
    items: list["ItemRecord"] = field(default_factory=list)  # 督办事项: a sheet of their own when there are any

    @property
    def uses_points(self) -> bool:
        return any(t.points is not None for t in self.tasks)

    @property
    def uses_extensions(self) -> bool:
        """Some unit's due date was extended: the ledger adds a column 批准延期至 beside the original 完成时限."""
        return any(w.extended_to is not None for t in self.tasks for w in t.work)


@dataclass(frozen=True)
class EvidenceFile:
    """One file linked to one unit's assignment on one task: a row of the evidence catalogue."""

    evidence_id: int
    stored_name: str
    original_name: str
    title: str
    kind: str
    size: int
    sha256: str
    document_date: date
    uploaded_at: datetime  # local time (the campaign's timezone), naive
    uploader: str
    page_count: int | None
    unit: str
    task_number: int
    task: str
    category_number: int
    category: str


@dataclass
class PackageData:
    """Everything the evidence package needs."""

    campaign_name: str
    export_date: date
    files: list[EvidenceFile] = field(default_factory=list)


@dataclass(frozen=True)
class ItemRecord:
    """A 督办事项 for the sheet 督办事项: its 统一编号 and source beside the task it is (its 序号 in 责任清单)."""

    number: str
    source: str  # 领导批示 / 会议议定 / 督查发现
    origin: str  # who instructed and when (urgency), the meeting, or the inspection
    task_number: int
    content: str
    lead: str
    co: tuple[str, ...]
    due_on: date | None
    reply_requirement: str
    status: str  # the lead's status
