"""Export services: gather the data, build the workbook or package, write it. Read-only: nothing to commit."""
from datetime import date
from io import BytesIO
from pathlib import Path

from tracker.campaigns.models import Campaign
from tracker.exports.data import gather_ledger, gather_package
from tracker.exports.evidence_package import Progress, file_locator, write_package
from tracker.exports.ledger import build_ledger
from tracker.exports.package_plan import DateWindow, PackagePlan, plan_package

STREAM_THRESHOLD = 1000  # tasks: above this the ledger is written in write-only (streaming) mode


def save_ledger(campaign: Campaign, out, today: date, unit_id: int | None = None) -> int:
    """Write the ledger workbook of a campaign (or of one unit's assignments) to `out` (a path or a stream).

    Returns the number of task rows.
    """
    data = gather_ledger(campaign, today, unit_id=unit_id)
    build_ledger(data, write_only=len(data.tasks) > STREAM_THRESHOLD).save(out)
    return len(data.tasks)


def ledger_bytes(campaign: Campaign, today: date, unit_id: int | None = None) -> BytesIO:
    """The ledger workbook in memory, for a download."""
    buffer = BytesIO()
    save_ledger(campaign, buffer, today, unit_id=unit_id)
    buffer.seek(0)
    return buffer


def build_evidence_package(campaign: Campaign, out: Path, today: date, upload_folder: str, *,
                           archive: bool = False, window: DateWindow | None = None,
                           progress: Progress | None = None) -> PackagePlan:
    """Write the evidence package zip of a campaign to `out`; returns the plan (what went in, what was left out)."""
    data = gather_package(campaign, today)
    plan = plan_package(data, file_locator(upload_folder), archive=archive, window=window)
    write_package(plan, Path(out), progress=progress)
    return plan


def export_filename(campaign: Campaign, today: date, kind: str, unit_name: str | None = None) -> str:
    """A download name such as 汉滨区…_责任清单_2022-08-20.xlsx."""
    scope = f"_{unit_name}" if unit_name else ""
    suffix = {"ledger": "责任清单.xlsx", "evidence": "佐证材料.zip"}[kind]
    return f"{campaign.name}{scope}_{today.isoformat()}_{suffix}"


def window_presets(campaign: Campaign) -> list[tuple[str, date | None, date | None]]:
    """Date windows offered for the package: the campaign period, and the year before each gate."""
    presets = []
    if campaign.phases:
        presets.append(("创建期间", campaign.phases[0].starts_on, None))
    for phase in campaign.phases:
        if phase.kind in ("self_assessment", "acceptance"):
            start = phase.starts_on
            year_before = start.replace(year=start.year - 1, day=min(start.day, 28) if start.month == 2 else start.day)
            presets.append((f"{phase.label}前一年", year_before, start))
    return presets
