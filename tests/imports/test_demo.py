"""The shipped Hanbin workbooks (seed 001's annex) import clean through the importer."""
from sqlalchemy import func, select

from tests.factories import make_campaign
from tracker.extensions import db
from tracker.imports.demo import LIST_FILE, UNITS_FILE, load_demo_lists
from tracker.imports.parser import read_list
from tracker.imports.services import plan_import
from tracker.tasks.models import Category, Task
from tracker.units.registry_apply import import_registry
from tracker.units.registry_io import read_registry
from tracker.units.resolver import resolve_cell
from tracker.units.services import load_registry


def test_demo_list_mirrors_the_annex_and_imports_clean(app):
    campaign = make_campaign()
    load_demo_lists(campaign)
    db.session.commit()
    assert db.session.scalar(select(func.count(Task.id))) == 24
    assert list(db.session.scalars(select(Category.name).order_by(Category.sequence))) == [
        "领导重视", "政策支持", "扩大供给", "监管服务", "创新融合"]


def test_demo_list_keeps_the_printed_shorthand(app):
    sheet = read_list(LIST_FILE.read_bytes())
    texts = {r.units_text for r in sheet.rows}
    assert "区发改、财政、人社、民政、税务、自然资源、住建卫健等部门" in texts
    assert "区人社局五里工业集中区管委会" in "".join(texts)
    assert sheet.header_row == 1 and sheet.errors == []  # the title rows are paragraphs above the table


def test_seed_vague_units_stay_unresolved_against_the_demo_registry(app):
    """The annex's "各级各部门、企事业单位" and "各相关单位" name no unit: the importer must not guess them."""
    import_registry(read_registry(UNITS_FILE.read_bytes()))
    registry = load_registry()
    result = resolve_cell(registry, "各级各部门、企事业单位")
    assert result.units == [] and [u.text for u in result.unresolved] == ["各级各部门", "企事业单位"]
    result = resolve_cell(registry, "区发改局、区卫健局、区住建局,各相关单位")
    assert [u.text for u in result.unresolved] == ["各相关单位"]


def test_demo_plan_has_nothing_unresolved(app):
    campaign = make_campaign()
    import_registry(read_registry(UNITS_FILE.read_bytes()))
    plan = plan_import(campaign, LIST_FILE.read_bytes())
    assert plan.ok and plan.unresolved == []
    row = next(t for t in plan.tasks if t.title.startswith("完善集中管理运营"))
    assert [u.name for u in row.units] == ["区发改局", "区卫健局", "区人社局", "五里工业集中区管委会", "城东新区开发办"]


def test_demo_docx_reads_exactly_like_the_workbook_it_was_made_from(app):
    """scripts/make_demo_docx.py writes the annex table of hanbin_list.xlsx into the Word notice."""
    as_docx = read_list(LIST_FILE.read_bytes())
    as_xlsx = read_list((LIST_FILE.parent / "hanbin_list.xlsx").read_bytes())
    assert [(r.category, r.title, r.units_text, r.deadline) for r in as_docx.rows] == \
        [(r.category, r.title, r.units_text, r.deadline) for r in as_xlsx.rows]
