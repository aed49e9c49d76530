"""The Hanbin demo (seed 001): registry and list (the annex .docx) loaded from the shipped files through the importers."""
from pathlib import Path

from tracker.imports.services import import_list
from tracker.units.registry_apply import import_registry
from tracker.units.registry_io import read_registry

DEMO_DATA = Path(__file__).resolve().parent.parent / "demo_data"
UNITS_FILE = DEMO_DATA / "hanbin_units.xlsx"
LIST_FILE = DEMO_DATA / "hanbin_list.docx"  # the annex as published: a table in the Word notice


class DemoImportError(RuntimeError):
    """The shipped demo list did not import clean (a bug in the demo data or the resolver)."""


def load_demo_lists(campaign) -> list[str]:
    """Import hanbin_units.xlsx, then hanbin_list.docx into `campaign`; refuse anything but a clean import.
    Returns the names of the units this import created (the demo's own: only they get demo accounts)."""
    units = import_registry(read_registry(UNITS_FILE.read_bytes()))
    if not units.written:
        raise DemoImportError("演示单位名册未能导入：" + "；".join(p.message for p in units.conflicts))
    plan = import_list(campaign, LIST_FILE.read_bytes())
    if not plan.ok:
        problems = [f"第{row}行“{u.text}”" for row, u in plan.unresolved] + [e.message for e in plan.errors]
        raise DemoImportError("演示清单未能完整导入：" + "；".join(problems))
    return [row.name for row in units.rows if row.action == "new"]
