"""Aliases that stand for several units (两办, 公检法) expand in their order, like a group reference."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.units.resolver import Registry, UnitRef, order_units, resolve_cell

UNITS = [UnitRef(1, "区委办", "委办"), UnitRef(2, "区政府办", "政府办"), UnitRef(3, "区公安分局", "公安"),
         UnitRef(4, "区检察院", "检察院"), UnitRef(5, "区法院", "法院"), UnitRef(6, "区卫健局", "卫健"),
         UnitRef(7, "老城街道办", "老城", "镇办"), UnitRef(8, "江北街道办", "江北", "镇办")]
COMBOS = {"两办": (1, 2), "公检法": (3, 4, 5), "政法和综治": (5, 3)}


@pytest.fixture(scope="module")
def reg():
    return Registry(UNITS, combos=COMBOS)


def names(reg, text):
    result = resolve_cell(reg, text)
    return [u.name for u in order_units(result)], [u.text for u in result.unresolved]


def test_multi_unit_alias_expands_in_its_order(reg):
    assert names(reg, "两办") == (["区委办", "区政府办"], [])
    assert names(reg, "公检法") == (["区公安分局", "区检察院", "区法院"], [])


def test_alias_named_first_its_first_unit_leads(reg):
    assert names(reg, "两办、区卫健局") == (["区委办", "区政府办", "区卫健局"], [])
    assert names(reg, "区卫健局、两办") == (["区卫健局", "区委办", "区政府办"], [])


def test_order_is_the_alias_order_not_the_registry_order(reg):
    assert names(reg, "政法和综治")[0] == ["区法院", "区公安分局"]


@pytest.mark.parametrize("text", ["两办等单位", "区两办", "两办、卫健等部门", "公检法和卫健"])
def test_tails_qu_and_soft_separators_work_as_for_one_unit(reg, text):
    got, bad = names(reg, text)
    assert bad == [] and got[:2] in (["区委办", "区政府办"], ["区公安分局", "区检察院"])


def test_alias_with_a_separator_inside_is_matched_whole(reg):
    assert names(reg, "政法和综治、卫健") == (["区法院", "区公安分局", "区卫健局"], [])


def test_run_together_with_a_multi_unit_alias_is_segmented(reg):
    assert names(reg, "两办卫健") == (["区委办", "区政府办", "区卫健局"], [])
    assert names(reg, "卫健公检法") == (["区卫健局", "区公安分局", "区检察院", "区法院"], [])


def test_units_already_named_are_named_once(reg):
    assert names(reg, "区政府办、两办") == (["区政府办", "区委办"], [])


def test_marked_lead_inside_a_multi_unit_alias_marks_its_first_unit(reg):
    assert names(reg, "区卫健局、两办（牵头）")[0] == ["区委办", "区卫健局", "区政府办"]


def test_with_groups(reg):
    assert names(reg, "各镇办、两办")[0] == ["老城街道办", "江北街道办", "区委办", "区政府办"]


def test_a_multi_unit_alias_outranks_a_short_name():
    """The office saved 甲 as standing for both units: its decision beats 区甲局's short name."""
    reg = Registry([UnitRef(1, "区甲局", "甲"), UnitRef(2, "区乙局", "乙")], combos={"甲": (1, 2)})
    assert names(reg, "甲") == (["区甲局", "区乙局"], [])


def test_a_unit_name_outranks_a_multi_unit_alias():
    reg = Registry([UnitRef(1, "区甲局"), UnitRef(2, "区乙局"), UnitRef(3, "两局")], combos={"两局": (1, 2)})
    assert names(reg, "两局") == (["两局"], [])


def test_combo_of_unknown_units_is_ignored():
    reg = Registry([UnitRef(1, "区甲局")], combos={"两局": (1, 99)})
    assert names(reg, "两局")[0] == ["区甲局"]


ALPHABET = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
SEPARATORS = ["、", "，", ",", "；", ";", "/", " "]


@given(st.lists(st.text(alphabet=ALPHABET, min_size=2, max_size=5), min_size=3, max_size=8, unique=True),
       st.data())
def test_a_list_mixing_units_and_multi_unit_aliases_expands_in_order(unit_names, data):
    """Whatever the units and the alias order, a cell naming them resolves to the concatenation, deduplicated."""
    units = [UnitRef(i, n) for i, n in enumerate(unit_names, start=1)]
    ids = data.draw(st.lists(st.sampled_from([u.id for u in units]), min_size=2, max_size=4, unique=True))
    reg = Registry(units, combos={"多单位别名": tuple(ids)})
    chosen = data.draw(st.lists(st.sampled_from([*unit_names, "多单位别名"]), min_size=1, max_size=5, unique=True))
    sep = data.draw(st.sampled_from(SEPARATORS))
    expected = []
    for text in chosen:
        expanded = [unit_names[i - 1] for i in ids] if text == "多单位别名" else [text]
        expected += [n for n in expanded if n not in expected]
    result = resolve_cell(reg, sep.join(chosen))
    assert [u.name for u in result.units] == expected and result.unresolved == []
