"""The mapping screen without dead ends: choosing a unit resolves the text or says why; no wrong 牵头."""
import io

from sqlalchemy import func, select

from tests.factories import make_campaign, make_unit, make_user
from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.imports.mapping import save_mappings
from tracker.imports.services import import_list, plan_import
from tracker.units.models import UnitAlias
from tracker.units.resolver import Registry, UnitRef, resolve_cell
from tracker.units.services import retire_unit

HEADER = ["类别", "创建任务", "责任单位", "完成时限"]


def _preview(client, campaign, rows):
    resp = client.post("/imports", data={"campaign_id": campaign.id, "file": (io.BytesIO(xlsx(rows)), "l.xlsx")},
                       content_type="multipart/form-data")
    return resp.headers["Location"]


def test_mapping_a_short_name_two_units_share_resolves_it(app, login):
    """消防 is the short name of two units: choosing one saves an alias, which outranks short names."""
    make_user("office", "office")
    campaign, chosen = make_campaign(), make_unit("区消防救援大队", "消防")
    make_unit("消防救援大队", "消防")
    db.session.commit()
    client = login("office")
    url = _preview(client, campaign, [HEADER, ["领导重视", "消防安全", "消防", None]])
    assert "同时是" in client.get(url).get_data(as_text=True)
    resp = client.post(url + "/map", data={"text": "消防", "unit_id_0": str(chosen.id)}, follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert "“消防”已对应 区消防救援大队" in html and "chip-bad" not in html
    assert 'data-confirm="确认导入 1 项任务？"' in html and "disabled" not in html.split("确认导入 1 项任务")[1][:200]


def test_choosing_the_unit_whose_name_the_text_is_never_says_nothing_was_chosen(app):
    unit = make_unit("消防救援大队")
    outcome = save_mappings([("消防救援大队", [str(unit.id)])])[0]
    assert outcome.resolved and "已对应 消防救援大队" in outcome.message


def test_a_name_outranks_another_units_alias(app):
    reg = Registry([UnitRef(1, "消防救援大队"), UnitRef(2, "区消防救援大队", aliases=("消防救援大队",))])
    assert [u.name for u in resolve_cell(reg, "消防救援大队").units] == ["消防救援大队"]


def test_an_alias_outranks_a_shared_short_name(app):
    reg = Registry([UnitRef(1, "区教育局", "教育", aliases=("教育",)), UnitRef(2, "市教育局", "教育")])
    assert [u.name for u in resolve_cell(reg, "教育").units] == ["区教育局"]


def test_a_text_that_is_a_retired_units_name_says_so_and_keeps_nothing(app):
    retired, other = make_unit("示范镇"), make_unit("五里镇")
    retire_unit(retired)
    outcome = save_mappings([("示范镇", [str(other.id)])])[0]
    assert not outcome.resolved and "已停用" in outcome.message and outcome.blocker == retired
    assert db.session.scalar(select(func.count(UnitAlias.id))) == 0


def test_a_mapping_that_does_not_resolve_its_text_is_not_kept(app, monkeypatch):
    unit = make_unit("区文化和旅游局")
    monkeypatch.setattr("tracker.imports.mapping.resolve_any_script", lambda registry, text: resolve_cell(registry, ""))
    outcome = save_mappings([("区文旅局", [str(unit.id)])])[0]
    assert not outcome.resolved and "未能对应" in outcome.message
    assert db.session.scalar(select(func.count(UnitAlias.id))) == 0


def test_empty_mapping_form_asks_for_a_choice(app, login):
    make_user("office", "office")
    campaign = make_campaign()
    make_unit("区卫健局")
    db.session.commit()
    client = login("office")
    url = _preview(client, campaign, [HEADER, ["领导重视", "任务", "区文旅局", None]])
    html = client.post(url + "/map", data={"text": "区文旅局", "unit_id_0": ""}, follow_redirects=True)
    assert "请先在“对应单位”中为至少一处文字选择单位" in html.get_data(as_text=True)


def test_row_whose_first_unit_is_unresolved_shows_no_lead(app, login):
    make_user("office", "office")
    campaign = make_campaign()
    make_unit("区卫健局")
    db.session.commit()
    plan = plan_import(campaign, xlsx([HEADER, ["领导重视", "任务", "区文旅局、区卫健局", None]]))
    assert plan.tasks[0].lead is None and plan.tasks[0].lead_unknown
    html = login("office").get(_preview(login("office"), campaign,
                                        [HEADER, ["领导重视", "任务", "区文旅局、区卫健局", None]]))
    text = html.get_data(as_text=True)
    assert "牵头待定" in text and "区卫健局 · 牵头" not in text


def test_marked_lead_is_known_even_when_another_text_is_unresolved(app):
    campaign = make_campaign()
    make_unit("区卫健局")
    plan = plan_import(campaign, xlsx([HEADER, ["领导重视", "任务", "区文旅局、区卫健局（牵头）", None]]))
    assert plan.tasks[0].lead.name == "区卫健局"


def test_preview_counts_new_updated_and_unchanged_tasks(app):
    campaign = make_campaign()
    make_unit("区卫健局")
    make_unit("区财政局")
    rows = [HEADER, ["领导重视", "甲任务", "区卫健局", "2022-06-30"], ["领导重视", "乙任务", "区卫健局", None]]
    import_list(campaign, xlsx(rows))
    rows = [HEADER, ["领导重视", "甲任务", "区卫健局", "2022-06-30"], ["领导重视", "乙任务", "区财政局", None],
            ["领导重视", "丙任务", "区卫健局", None]]
    assert plan_import(campaign, xlsx(rows)).effect_counts() == {"new": 1, "update": 1, "same": 1}
