"""A list written in Traditional characters (seed 004, 宝坻区) imports like a Simplified one.

Headers, unit text and deadlines are read in Simplified; the office's own words (类别, 任务) stay as written.
"""
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tests.imports.conftest import HANBIN, xlsx
from tracker.documents.script import to_simplified
from tracker.imports.services import plan_import
from tracker.units.resolver import Registry, UnitRef, resolve_any_script, resolve_cell

BAODI = [
    ["寶坻區促進3歲以下嬰幼兒照護服務發展工作責任清單"],
    ["類別", "工作任務", "責任單位", "完成時限"],
    ["支持家庭照護", "加強對嬰幼兒家庭的育兒指導", "區衛健局、區人社局等部門", "長期堅持"],
    [None, "新建住宅小區配套建設照護服務設施", "區住建局、各鎮辦", "2021年6月底前"],
]


def test_traditional_list_imports_with_units_and_deadlines_resolved(hanbin_campaign):
    plan = plan_import(hanbin_campaign, xlsx(BAODI))
    assert plan.ok, (plan.errors, plan.unresolved)
    first, second = plan.tasks
    assert (first.category, first.title) == ("支持家庭照護", "加強對嬰幼兒家庭的育兒指導")  # kept as written
    assert [u.name for u in first.units] == ["区卫健局", "区人社局"] and first.deadline is None
    assert [u.name for u in second.units] == ["区住建局", "老城街道办", "江北街道办", "五里镇"]
    assert second.deadline == date(2021, 6, 30) and second.category == "支持家庭照護"


def test_conversion_leaves_simplified_text_alone():
    assert to_simplified("区发改、财政、人社等部门") == "区发改、财政、人社等部门"
    assert to_simplified("區發改、財政、人社等部門") == "区发改、财政、人社等部门"


REGISTRY = Registry([UnitRef(i, name, short, group, tuple(aliases))
                     for i, (name, short, aliases, group) in enumerate(HANBIN, start=1)])
NAMES = [n for n, *_ in HANBIN]


@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
def test_simplified_cells_resolve_exactly_as_before(names):
    text = "、".join(names)
    assert resolve_any_script(REGISTRY, text) == resolve_cell(REGISTRY, text)
