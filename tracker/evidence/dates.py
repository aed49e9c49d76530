"""The rule for a file's 材料形成日期, at upload and when corrected: never after today; before the campaign's
first phase only once the user confirms it (material formed earlier does happen, a typo more often)."""
from datetime import date

from tracker.assignments.services import AssignmentError


class EarlyDate(AssignmentError):
    """A 材料形成日期 before the campaign began: saved only once the user confirms it."""

    status = 409


def campaign_start(campaign) -> date | None:
    """The day the campaign's first phase begins (None without phases)."""
    starts = [p.starts_on for p in campaign.phases] if campaign is not None else []
    return min(starts) if starts else None


def check_document_date(value: date, *, today: date, starts: date | None, confirmed: bool = False) -> None:
    """Refuse a date after today; ask for confirmation of one before the campaign's first phase."""
    if value > today:
        raise AssignmentError(f"材料形成日期 {value.isoformat()} 晚于今天（{today.isoformat()}），"
                              "请填写材料实际形成的日期。")
    if starts is not None and value < starts and not confirmed:
        raise EarlyDate(f"材料形成日期 {value.isoformat()} 早于创建活动开始日期 {starts.isoformat()}。"
                        "如确是此前形成的材料，请勾选“确认日期无误”后再保存。")
