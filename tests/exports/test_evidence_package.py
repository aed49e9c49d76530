"""The evidence package: folders, Windows-safe UTF-8 names, catalogue with relative links, archive layout."""
import zipfile
from datetime import date, datetime
from io import BytesIO

from flask import current_app
from openpyxl import load_workbook

from tests.exports.conftest import TODAY
from tracker.evidence.models import Evidence
from tracker.exports.names import UniqueNames, safe_name
from tracker.exports.package_plan import DateWindow
from tracker.exports.services import build_evidence_package
from tracker.extensions import db


def build(ledger_world, tmp_path, **options):
    out = tmp_path / "pkg.zip"
    plan = build_evidence_package(ledger_world.campaign, out, TODAY, current_app.config["UPLOAD_FOLDER"], **options)
    return plan, zipfile.ZipFile(out)


def workbook(zf, name):
    return load_workbook(BytesIO(zf.read(name)))


def test_files_are_placed_by_category_task_and_unit_with_safe_unique_names(ledger_world, tmp_path):
    _, zf = build(ledger_world, tmp_path)
    names = set(zf.namelist())
    assert "01_领导重视/1_制定出台推进婴幼儿照护服务实施意见/区卫健局/实施意见.pdf" not in names  # numbers are padded
    folder = "01_领导重视/01_制定出台推进婴幼儿照护服务实施意见"
    assert f"{folder}/区卫健局/实施意见.pdf" in names
    assert f"{folder}/区卫健局/会议纪要_第1次_.pdf" in names
    assert f"{folder}/区卫健局/会议纪要_第1次_ (2).pdf" in names  # a second file with the same safe name
    assert f"{folder}/区发改局/_CON.pdf" in names  # a reserved Windows name
    assert "02_政策支持/03_出台综合性支持政策/区发改局/政策文件.pdf" in names
    assert "佐证材料目录.xlsx" in names


def test_names_are_flagged_utf8_and_contents_are_intact(ledger_world, tmp_path):
    _, zf = build(ledger_world, tmp_path)
    for info in zf.infolist():
        assert info.flag_bits & 0x800, info.filename  # every name here has Chinese characters
    assert zf.testzip() is None
    assert zf.read("01_领导重视/01_制定出台推进婴幼儿照护服务实施意见/区卫健局/实施意见.pdf").startswith(b"%PDF")


def test_catalogue_lists_every_file_with_a_relative_hyperlink(ledger_world, tmp_path):
    plan, zf = build(ledger_world, tmp_path)
    ws = workbook(zf, "佐证材料目录.xlsx")["佐证材料目录"]
    header = [c.value for c in ws[2]]
    assert header[:7] == ["序号", "类别", "任务序号", "创建任务", "责任单位", "文件名（点击打开）", "文件题名"]
    assert {"大小(KB)", "形成日期", "上传日期", "上传人", "SHA-256"} <= set(header)
    body = list(ws.iter_rows(min_row=3))
    assert len(body) == len(plan.entries) == 5
    for row in body:
        target = row[5].hyperlink.target.replace("%20", " ")
        assert target in zf.namelist() and not target.startswith("/")
    titled = next(r for r in body if r[5].value == "实施意见.pdf")
    assert titled[6].value == "区政府关于推进婴幼儿照护服务的实施意见" and titled[10].value == "wj"
    assert len(titled[11].value) == 64 and titled[8].is_date and titled[9].is_date


def test_date_window_leaves_material_out_and_says_so(ledger_world, tmp_path):
    plan, zf = build(ledger_world, tmp_path, window=DateWindow(date(2021, 9, 30), date(2022, 5, 31)))
    assert len(plan.entries) == 3 and len(plan.excluded) == 2
    left_out = workbook(zf, "佐证材料目录.xlsx")["未纳入材料"]
    reasons = {r[5]: r[7] for r in left_out.iter_rows(min_row=3, values_only=True)}
    assert reasons == {"会议纪要_第1次_.pdf": "形成日期 2020-05-01 早于 2021-09-30",
                       "政策文件.pdf": "形成日期 2022-06-01 晚于 2022-05-31"}
    assert not any(n.endswith("政策文件.pdf") for n in zf.namelist())


def test_missing_files_are_reported_not_fatal(ledger_world, tmp_path):
    folder = tmp_path / "uploads" / "evidence"
    victim = next(p for p in folder.iterdir() if p.read_bytes() == b"%PDF-1.4 other")
    victim.unlink()
    plan, _ = build(ledger_world, tmp_path)
    assert [e.reason for e in plan.excluded] == ["文件缺失（存储中找不到）"]


def test_archive_layout_has_boxes_catalogues_and_labels(ledger_world, tmp_path):
    plan, zf = build(ledger_world, tmp_path, archive=True)
    names = set(zf.namelist())
    assert {"总目录.xlsx", "档案盒标签.html", "佐证材料目录.xlsx"} <= names
    box1 = "卷001_制定出台推进婴幼儿照护服务实施意见"
    assert f"{box1}/卷内目录.xlsx" in names and f"{box1}/003_区政府关于推进婴幼儿照护服务的实施意见.pdf" in names
    assert f"{box1}/004_CON.pdf" in names  # lead unit's files first, then by date
    general = workbook(zf, "总目录.xlsx")["总目录"]
    rows = list(general.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == ["卷1", "卷2"] and rows[0][4] == 4 and rows[0][5] == 3 + 2 + 1
    inner = workbook(zf, f"{box1}/卷内目录.xlsx")["卷内目录"]
    assert [c.value for c in inner[2]] == ["序号", "文件题名", "责任单位", "形成日期", "页数", "备注"]
    third = list(inner.iter_rows(min_row=3))[2]
    assert third[0].value == 3 and third[4].value == 3 and third[3].is_date
    assert third[1].hyperlink.target == "003_区政府关于推进婴幼儿照护服务的实施意见.pdf"
    labels = zf.read("档案盒标签.html").decode()
    assert "卷1" in labels and "卷2" in labels and "writing-mode: vertical-rl" in labels


def test_safe_name_rules():
    assert safe_name('a<b>c:d"e/f\\g|h?i*j.pdf') == "a_b_c_d_e_f_g_h_i_j.pdf"
    assert safe_name("nul.txt") == "_nul.txt" and safe_name("  . ") == "未命名"
    long = safe_name("长" * 300 + ".docx")
    assert len(long) == 80 and long.endswith(".docx")
    names = UniqueNames()
    assert [names.claim("d", n) for n in ("A.pdf", "a.pdf", "A.pdf")] == ["A.pdf", "a (2).pdf", "A (3).pdf"]


def test_package_data_takes_a_fixed_number_of_queries(ledger_world, count_queries):
    from tests.exports.conftest import add_evidence, assignment_of
    from tracker.exports.data import gather_package

    assert ledger_world.campaign.name  # loaded before counting
    with count_queries() as small:
        gather_package(ledger_world.campaign, TODAY)
    t2, cz = ledger_world.tasks[1], ledger_world.units["cz"]
    for i in range(5):
        add_evidence(assignment_of(t2, cz), ledger_world.users["cz"], f"附件{i}.pdf", b"%PDF-" + bytes([i]))
    with count_queries() as big:
        assert len(gather_package(ledger_world.campaign, TODAY).files) == 10
    assert big.count == small.count


def test_catalogue_upload_dates_are_local_days(ledger_world, tmp_path):
    """Uploaded at 2022-03-01 20:00 UTC is 2022-03-02 04:00 in Asia/Shanghai: the catalogue says 03-02."""
    for ev in db.session.scalars(db.select(Evidence)):
        ev.created_at = datetime(2022, 3, 1, 20, 0)
    db.session.commit()
    _, zf = build(ledger_world, tmp_path)
    rows = list(workbook(zf, "佐证材料目录.xlsx")["佐证材料目录"].iter_rows(min_row=3, values_only=True))
    assert {r[9].date() for r in rows} == {date(2022, 3, 2)}
