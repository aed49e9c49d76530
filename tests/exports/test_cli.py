"""`tracker export SLUG OUT.xlsx [--evidence OUT.zip] [--archive] [--from --to]`."""
import json
import zipfile

from openpyxl import load_workbook


def test_export_writes_ledger_and_evidence_package(ledger_world, runner, tmp_path):
    out, pkg = tmp_path / "台账.xlsx", tmp_path / "材料.zip"
    result = runner.invoke(args=["export", "hb", str(out), "--evidence", str(pkg), "--archive",
                                 "--from", "2021-09-30", "--to", "2022-12-31", "--today", "2022-08-20", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["tasks"] == 3 and report["files"] == 4 and report["excluded"] == 1
    assert "导出日期：2022-08-20" in load_workbook(out)["责任清单"]["A1"].value
    with zipfile.ZipFile(pkg) as zf:
        assert "总目录.xlsx" in zf.namelist()


def test_window_without_evidence_is_a_usage_error(ledger_world, runner, tmp_path):
    result = runner.invoke(args=["export", "hb", str(tmp_path / "x.xlsx"), "--archive"])
    assert result.exit_code == 2
