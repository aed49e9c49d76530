"""发文登记: 文号 per 代字 and year, in order, never twice — also when two issues run at once on their own
connections (PostgreSQL, MariaDB, SQLite); the circular and the 督办通知单 take theirs from it."""
import io
from datetime import date

import docx
import pytest
from sqlalchemy import func, select

from tests.factories import basic_world, make_task
from tests.threads import run_at_once
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.registers.models import RegisterEntry
from tracker.registers.services import issue_number, prefixes, set_prefix
from tracker.supervision.circulars import issue_circular
from tracker.supervision.xlsx import circular_docx_of


def _numbers() -> list[str]:
    return list(db.session.scalars(select(RegisterEntry.number_text).order_by(RegisterEntry.id)))


def test_numbers_run_per_prefix_and_year_and_kinds_sharing_a_prefix_share_the_sequence(app):
    issue_number("circular", "通报一", date(2022, 5, 1))
    issue_number("notice", "督办单一", date(2022, 5, 1))
    issue_number("urge", "催办通知书一", date(2022, 5, 2))  # 督办单 and 催办通知书 share 创建办督 by default
    issue_number("circular", "通报二", date(2022, 5, 3))
    issue_number("circular", "通报（新年）", date(2023, 1, 3))
    assert _numbers() == ["创建办〔2022〕1号", "创建办督〔2022〕1号", "创建办督〔2022〕2号", "创建办〔2022〕2号",
                          "创建办〔2023〕1号"]


def test_a_new_prefix_starts_its_own_sequence_and_old_numbers_stay(app, world):
    issue_number("circular", "通报一", date(2022, 5, 1))
    set_prefix("circular", "汉创办发", world.users["office"])
    issue_number("circular", "通报二", date(2022, 5, 2))
    assert _numbers() == ["创建办〔2022〕1号", "汉创办发〔2022〕1号"]
    assert prefixes()["circular"] == "汉创办发"
    with pytest.raises(Refusal, match="机关代字"):
        set_prefix("circular", "汉〔创〕", world.users["office"])


def test_a_rolled_back_issue_leaves_no_gap(app):
    issue_number("circular", "通报一", date(2022, 5, 1))
    db.session.commit()
    issue_number("circular", "作废", date(2022, 5, 1))
    db.session.rollback()
    issue_number("circular", "通报二", date(2022, 5, 1))
    db.session.commit()
    assert _numbers() == ["创建办〔2022〕1号", "创建办〔2022〕2号"]


def test_offices_issuing_at_once_never_get_the_same_number(app):
    """Each thread its own session and connection; four start together on a year with no number yet (they meet
    at creating its counter), 8 issues each, committed one by one."""
    per_thread, offices = 8, 4

    def work():
        for i in range(per_thread):
            issue_number("notice", f"督办单{i}", date(2022, 6, 1))
            db.session.commit()

    run_at_once(app, work, workers=offices, join_seconds=90)
    db.session.expire_all()
    serials = sorted(db.session.scalars(select(RegisterEntry.serial)))
    assert serials == list(range(1, offices * per_thread + 1))  # none twice, none skipped


def test_issuing_a_circular_takes_its_number_and_the_word_document_prints_it(app, world, clock):
    clock.freeze(date(2022, 5, 11))
    first = issue_circular(world.campaign, date(2022, 5, 10), "正文。", world.users["office"])
    second = issue_circular(world.campaign, date(2022, 5, 10), "正文。", world.users["office"])
    db.session.commit()
    assert [first.register_entry.number_text, second.register_entry.number_text] == ["创建办〔2022〕1号",
                                                                                   "创建办〔2022〕2号"]
    assert first.register_entry.kind == "circular" and first.register_entry.title == first.title
    texts = [p.text for p in docx.Document(io.BytesIO(circular_docx_of(second))).paragraphs if p.text]
    assert texts[1] == "创建办〔2022〕2号"


def test_notices_from_the_chase_list_and_the_cli_are_numbered_per_unit(client, login, runner, clock, tmp_path):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    make_task(world.campaign, "早已逾期", [world.units["cz"]], deadline=date(2022, 4, 1))
    login("office")
    resp = client.post("/supervision/notices.docx")
    assert resp.status_code == 200
    numbers = [p.text for p in docx.Document(io.BytesIO(resp.data)).paragraphs if "〔2022〕" in p.text]
    assert numbers == ["创建办督〔2022〕1号", "创建办督〔2022〕2号"]  # 区卫健局 and 区财政局 are late
    out = runner.invoke(args=["notices", "hb", str(tmp_path / "out"), "--today", "2022-05-10"])
    assert out.exit_code == 0, out.output
    assert db.session.scalar(select(func.count(RegisterEntry.id))) == 4
    page = client.get("/registers?kind=notice").get_data(as_text=True)
    assert "创建办督〔2022〕4号" in page and "督办通知单（区财政局）" in page and "office" in page


def test_register_page_lists_searches_and_sets_prefixes(client, login, world):
    issue_number("circular", "第一期通报", date(2022, 5, 1))
    issue_number("item", "领导批示督办", date(2022, 5, 2))
    db.session.commit()
    login("office")
    page = client.get("/registers?q=批示").get_data(as_text=True)
    assert "创建督办〔2022〕1号" in page and "第一期通报" not in page
    resp = client.post("/registers/prefix", data={"kind": "circular", "prefix": "汉创办发"})
    assert resp.status_code == 302
    assert prefixes()["circular"] == "汉创办发"
    bad = client.post("/registers/prefix", data={"kind": "circular", "prefix": "有 空格"}, follow_redirects=True)
    assert "不含空格和括号" in bad.get_data(as_text=True)
    login("wj")
    assert client.get("/registers").status_code == 403


def test_register_page_sends_the_same_few_statements_with_few_or_many_numbers(client, login, world, count_queries):
    login("office")
    counts = []
    for n in (3, 70):
        for i in range(n):
            issue_number("notice" if i % 2 else "circular", f"文书{i}", date(2022, 5, 1), world.users["office"])
        db.session.commit()
        with count_queries() as q:
            assert client.get("/registers").status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1] <= 12
