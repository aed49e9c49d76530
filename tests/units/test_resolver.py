"""Each unit-resolution rule of issue 4, on a pure registry (no database)."""
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tracker.units.resolver import Registry, UnitRef, order_units, resolve_cell

HANBIN = [
    ("区政府办", "政府办", (), None), ("区卫健局", "卫健", ("区卫生健康局",), None),
    ("区发改局", "发改", (), None), ("区财政局", "财政", (), None), ("区人社局", "人社", (), None),
    ("区民政局", "民政", (), None), ("区税务局", "税务", (), None),
    ("区自然资源局", "自然资源", ("区自然资源分局",), None), ("区住建局", "住建", (), None),
    ("区经贸局", "经贸", (), None), ("五里工业集中区管委会", None, ("五里工业集中区",), None),
    ("城东新区开发办", None, (), None), ("团区委", None, (), "群团"), ("区妇联", "妇联", (), "群团"),
    ("老城街道办", "老城", (), "镇办"), ("江北街道办", "江北", (), "镇办"), ("五里镇", "五里", (), "镇办"),
    ("泉港区住房和城乡建设局", None, ("宣传教育部门",), None), ("区文化和旅游局", None, (), None),
]


@pytest.fixture(scope="module")
def reg():
    return Registry([UnitRef(i, n, s, g, a) for i, (n, s, a, g) in enumerate(HANBIN, start=1)])


def names(reg, text):
    result = resolve_cell(reg, text)
    return [u.name for u in order_units(result)], [u.text for u in result.unresolved]


def test_plain_list_first_is_lead(reg):
    assert names(reg, "区政府办、区卫健局") == (["区政府办", "区卫健局"], [])


@pytest.mark.parametrize("sep", ["、", "，", ",", "；", ";", "/", " ", "\n", "和", "及"])
def test_separators(reg, sep):
    assert names(reg, f"区财政局{sep}区税务局") == (["区财政局", "区税务局"], [])


def test_known_name_with_he_is_matched_whole(reg):
    assert names(reg, "泉港区住房和城乡建设局") == (["泉港区住房和城乡建设局"], [])
    assert names(reg, "区文化和旅游局、区财政局") == (["区文化和旅游局", "区财政局"], [])


def test_alias_ending_in_bumen_is_not_stripped(reg):
    assert names(reg, "宣传教育部门") == (["泉港区住房和城乡建设局"], [])


@pytest.mark.parametrize("text", ["区卫健局等部门", "区卫健局等单位", "卫健部门", "卫健单位", "区卫健局等"])
def test_tails_are_stripped(reg, text):
    assert names(reg, text) == (["区卫健局"], [])


def test_tail_in_the_middle_of_a_cell(reg):
    assert names(reg, "财政、卫健等单位和各镇办") == (
        ["区财政局", "区卫健局", "老城街道办", "江北街道办", "五里镇"], [])


@pytest.mark.parametrize("text, expected", [("区发改", "区发改局"), ("发改", "区发改局"), ("卫健局", "区卫健局"),
                                            ("区住建", "区住建局"), ("卫生健康局", "区卫健局")])
def test_leading_qu_is_optional(reg, text, expected):
    assert names(reg, text) == ([expected], [])


@pytest.mark.parametrize("text, expected", [
    ("住建卫健", ["区住建局", "区卫健局"]), ("财政税务", ["区财政局", "区税务局"]),
    ("民政自然资源住建部门", ["区民政局", "区自然资源局", "区住建局"]),
    ("区人社局五里工业集中区管委会", ["区人社局", "五里工业集中区管委会"]),
])
def test_run_together_names_are_segmented(reg, text, expected):
    assert names(reg, text) == (expected, [])


def test_seed_001_shorthand_cell(reg):
    got, bad = names(reg, "区发改、财政、人社、民政、税务、自然资源、住建卫健等部门")
    assert got == ["区发改局", "区财政局", "区人社局", "区民政局", "区税务局", "区自然资源局", "区住建局", "区卫健局"]
    assert bad == []


def test_short_name_inside_a_longer_one_never_matches(reg):
    assert names(reg, "五里工业集中区") == (["五里工业集中区管委会"], [])
    got, bad = names(reg, "五里工业园")
    assert got == [] and bad == ["五里工业园"]


def test_equally_good_covers_are_ambiguous():
    reg = Registry([UnitRef(1, "甲乙局", "甲乙"), UnitRef(2, "丙局", "丙"), UnitRef(3, "甲局", "甲"),
                    UnitRef(4, "乙丙局", "乙丙")])
    result = resolve_cell(reg, "甲乙丙")
    assert result.units == [] and [u.text for u in result.unresolved] == ["甲乙丙"]


def test_longest_cover_wins():
    reg = Registry([UnitRef(1, "甲乙丙局", "甲乙丙"), UnitRef(2, "甲局", "甲"), UnitRef(3, "乙局", "乙"),
                    UnitRef(4, "丙局", "丙"), UnitRef(5, "丁局", "丁")])
    assert [u.name for u in resolve_cell(reg, "甲乙丙丁").units] == ["甲乙丙局", "丁局"]


def test_same_short_name_for_two_units_is_ambiguous():
    reg = Registry([UnitRef(1, "区教育局", "教育"), UnitRef(2, "市教育局", "教育")])
    result = resolve_cell(reg, "教育")
    assert result.units == [] and result.unresolved[0].suggestions[:2] == ["区教育局", "市教育局"]


@pytest.mark.parametrize("text", ["各镇办", "镇办", "镇办单位"])
def test_group_references_expand_in_registry_order(reg, text):
    assert names(reg, text)[0] == ["老城街道办", "江北街道办", "五里镇"]


def test_group_named_first_its_first_member_leads(reg):
    assert names(reg, "各群团组织、区卫健局")[0] == ["团区委", "区妇联", "区卫健局"]


def test_marked_lead_wins(reg):
    assert names(reg, "区财政局、区卫健局（牵头）")[0] == ["区卫健局", "区财政局"]
    assert names(reg, "区财政局、区卫健局(牵头)")[0] == ["区卫健局", "区财政局"]


def test_co_unit_column_units_help(reg):
    lead = resolve_cell(reg, "区卫健局")
    co = resolve_cell(reg, "区财政局、区卫健局")
    assert [u.name for u in order_units(lead, co)] == ["区卫健局", "区财政局"]


def test_duplicates_are_named_once(reg):
    assert names(reg, "区卫健局、卫健、区卫生健康局")[0] == ["区卫健局"]


def test_unresolved_has_suggestions(reg):
    result = resolve_cell(reg, "区文旅局")
    assert result.unresolved[0].text == "区文旅局"
    assert "区文化和旅游局" in result.unresolved[0].suggestions


@pytest.mark.parametrize("text", ["各级各部门", "企事业单位", "各相关单位"])
def test_vague_references_are_unresolved_not_guessed(reg, text):
    got, bad = names(reg, text)
    assert got == [] and bad == [text]


def test_partly_resolved_fragment_reports_only_the_unknown_part(reg):
    assert names(reg, "区卫健局和区文旅局") == (["区卫健局"], ["区文旅局"])


# --- properties ---------------------------------------------------------------------------------------
# names from characters that are neither separators nor tail/prefix words
ALPHABET = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北春夏秋冬"
SEPARATORS = ["、", "，", ",", "；", ";", "/", " "]


@given(st.lists(st.text(alphabet=ALPHABET, min_size=2, max_size=6), min_size=1, max_size=8, unique=True),
       st.data())
def test_any_separated_list_of_known_names_resolves_exactly(unit_names, data):
    reg = Registry([UnitRef(i, n) for i, n in enumerate(unit_names, start=1)])
    chosen = data.draw(st.lists(st.sampled_from(unit_names), min_size=1, max_size=6, unique=True))
    seps = data.draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(chosen), max_size=len(chosen)))
    text = "".join(n + s for n, s in zip(chosen, seps, strict=True))
    result = resolve_cell(reg, text)
    assert [u.name for u in result.units] == chosen and result.unresolved == []


@given(st.lists(st.text(alphabet=ALPHABET, min_size=3, max_size=3), min_size=2, max_size=8, unique=True),
       st.data())
def test_run_together_names_of_equal_length_segment_exactly(unit_names, data):
    reg = Registry([UnitRef(i, n) for i, n in enumerate(unit_names, start=1)])
    chosen = data.draw(st.lists(st.sampled_from(unit_names), min_size=2, max_size=4, unique=True))
    text = "".join(chosen)
    assume(text not in unit_names)
    assert [u.name for u in resolve_cell(reg, text).units] == chosen


@given(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
       st.text(alphabet=ALPHABET, min_size=1, max_size=10))
def test_resolution_never_invents_a_unit(unit_names, text):
    """Whatever the text, every unit returned is covered by the text; otherwise it is reported."""
    reg = Registry([UnitRef(i, n) for i, n in enumerate(unit_names, start=1)])
    result = resolve_cell(reg, text)
    assert all(u.name in text or ("区" + u.name) in text for u in result.units)
    assert result.units or result.unresolved
