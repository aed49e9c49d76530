"""Import every domain's models so that metadata (and Alembic) sees the whole schema."""
from tracker.assignments.models import Assignment, ExtensionRequest, ProgressUpdate
from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.cadence.models import CycleReminder, ProgressCadence
from tracker.campaigns.models import Campaign, Phase
from tracker.escalation.models import EscalationPause, EscalationRecord, EscalationStep
from tracker.evidence.models import Evidence, EvidenceLink
from tracker.indicators.models import Indicator, IndicatorUnit, IndicatorValue, Milestone, ValueEvidence
from tracker.items.models import SupervisionItem, UrgencyLimit
from tracker.meetings.models import Attendance, Convener, JointBody, Liaison, Meeting, Member
from tracker.notifications.models import Channel, Notification, OutboxMessage
from tracker.registers.models import Letterhead, RegisterCounter, RegisterEntry, RegisterPrefix
from tracker.reports.models import CycleUnit, Report, ReportCycle, ReportFile, ReportNotice
from tracker.review.models import Review, TaskScore
from tracker.scheduler.models import AckFlag, Flag, IndicatorFlag, JobRun, LightRecord
from tracker.supervision.models import (
    Chase,
    Circular,
    CriticismProposal,
    Inspection,
    Instruction,
    Rectification,
)
from tracker.tasks.models import Category, Task
from tracker.units.models import Unit, UnitAlias
from tracker.workdays.models import WorkdayOverride

__all__ = [
    "AckFlag", "Assignment", "Attendance", "AuditEvent", "Campaign", "Category", "Channel", "Chase", "Circular",
    "Convener", "CriticismProposal", "CycleReminder", "CycleUnit", "EscalationPause", "EscalationRecord", "EscalationStep", "Evidence", "EvidenceLink", "ExtensionRequest", "Flag", "Indicator", "IndicatorFlag",
    "IndicatorUnit", "IndicatorValue", "Inspection", "Instruction", "JobRun", "JointBody", "Letterhead", "Liaison", "LightRecord",
    "Meeting", "Member", "Milestone", "Notification", "OutboxMessage", "Phase", "ProgressCadence", "ProgressUpdate", "Rectification",
    "RegisterCounter", "RegisterEntry", "RegisterPrefix", "Report", "ReportCycle", "ReportFile", "ReportNotice", "Review", "SupervisionItem", "Task", "TaskScore", "Unit", "UnitAlias",
    "UrgencyLimit", "User", "ValueEvidence",
    "WorkdayOverride",
]
