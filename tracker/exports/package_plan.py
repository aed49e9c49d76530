"""Where each evidence file goes in the package: a pure plan from plain data (no queries, no writing)."""
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.exports.names import UniqueNames, safe_name, shorten
from tracker.exports.records import EvidenceFile, PackageData

CATALOGUE_NAME = "佐证材料目录.xlsx"
GENERAL_CATALOGUE_NAME = "总目录.xlsx"
BOX_CATALOGUE_NAME = "卷内目录.xlsx"
LABELS_NAME = "档案盒标签.html"


@dataclass(frozen=True)
class DateWindow:
    """Only material formed (Evidence.document_date) within [start, end] goes in; either end may be open."""

    start: date | None = None
    end: date | None = None

    def refusal(self, day: date) -> str | None:
        if self.start and day < self.start:
            return f"形成日期 {day.isoformat()} 早于 {self.start.isoformat()}"
        if self.end and day > self.end:
            return f"形成日期 {day.isoformat()} 晚于 {self.end.isoformat()}"
        return None

    def describe(self) -> str:
        if not (self.start or self.end):
            return "全部材料"
        return f"形成日期 {self.start.isoformat() if self.start else '不限'} 至 {self.end.isoformat() if self.end else '不限'}"


@dataclass
class Entry:
    file: EvidenceFile
    source: Path
    arcname: str
    box: int | None = None
    box_seq: int | None = None
    pages: int | None = None


@dataclass
class Box:
    """One archive box (卷): the evidence of one task."""

    number: int
    folder: str
    task_number: int
    task: str
    category: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def pages(self) -> int | None:
        counts = [e.pages for e in self.entries if e.pages is not None]
        return sum(counts) if counts else None

    @property
    def date_range(self) -> tuple[date, date]:
        days = [e.file.document_date for e in self.entries]
        return min(days), max(days)


@dataclass
class Excluded:
    file: EvidenceFile
    reason: str


@dataclass
class PackagePlan:
    data: PackageData
    window: DateWindow
    archive: bool
    entries: list[Entry] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(e.file.size for e in self.entries)


def plan_package(data: PackageData, locate, *, archive: bool = False, window: DateWindow | None = None) -> PackagePlan:
    """Place every file: `locate(stored_name)` gives its path on disk (None when the file is missing)."""
    plan = PackagePlan(data, window or DateWindow(), archive)
    names = UniqueNames()
    width = max(2, len(str(max((f.task_number for f in data.files), default=0))))
    for f in data.files:
        source = locate(f.stored_name)
        reason = plan.window.refusal(f.document_date) or (None if source else "文件缺失（存储中找不到）")
        if reason:
            plan.excluded.append(Excluded(f, reason))
            continue
        entry = Entry(f, source, "")
        if archive:
            _place_in_box(plan, entry, names)
        else:
            folder = _folder(f, width)
            entry.arcname = f"{folder}/{names.claim(folder, safe_name(f.original_name))}"
        plan.entries.append(entry)
    return plan


def _folder(f: EvidenceFile, width: int) -> str:
    category = safe_name(f"{f.category_number:02d}_{shorten(f.category, 20)}", 30)
    task = safe_name(f"{f.task_number:0{width}d}_{shorten(f.task, 24)}", 40)
    return f"{category}/{task}/{safe_name(f.unit, 40)}"


def _place_in_box(plan: PackagePlan, entry: Entry, names: UniqueNames) -> None:
    """Archive layout: one box per task, files numbered in the box, 文件题名 as the name."""
    f = entry.file
    if not plan.boxes or plan.boxes[-1].task_number != f.task_number:
        number = len(plan.boxes) + 1
        folder = safe_name(f"卷{number:03d}_{shorten(f.task, 24)}", 40)
        plan.boxes.append(Box(number, folder, f.task_number, f.task, f.category))
    box = plan.boxes[-1]
    entry.box, entry.box_seq = box.number, len(box.entries) + 1
    stem = f.title or f.original_name.rpartition(".")[0] or f.original_name
    ext = f.original_name.rpartition(".")[2] if "." in f.original_name else f.kind
    name = safe_name(f"{entry.box_seq:03d}_{shorten(stem, 60)}.{ext}")
    entry.arcname = f"{box.folder}/{names.claim(box.folder, name)}"
    box.entries.append(entry)


def document_title(entry: Entry) -> str:
    """文件题名: the title the unit gave, else the file name without its extension."""
    f = entry.file
    return f.title or f.original_name.rpartition(".")[0] or f.original_name
