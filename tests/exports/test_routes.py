"""Who may export what, and the background evidence package job from start to download."""
import time
import zipfile
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tracker.exports.jobs import run_package_jobs


def wait_for(client, url, timeout=20):
    """Run the scheduler's package job once (as `tracker scheduler` would), then poll the job's status."""
    run_package_jobs(client.application)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(url).get_json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("the package job did not finish")


@pytest.mark.parametrize("user", ["office", "leader", "admin"])
def test_office_leader_and_admin_download_the_ledger(ledger_world, login, user):
    client = login(user)
    assert client.get("/exports/").status_code == 200
    resp = client.get("/exports/ledger.xlsx")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    ws = load_workbook(BytesIO(resp.data))["责任清单"]
    assert ws.max_row == 2 + 3


@pytest.mark.parametrize("url", ["/exports/", "/exports/ledger.xlsx"])
def test_a_unit_gets_403_on_the_office_export(ledger_world, login, url):
    assert login("wj").get(url).status_code == 403
    assert login("wj").post("/exports/package", data={}).status_code == 403


def test_a_unit_downloads_the_ledger_of_its_own_assignments_only(ledger_world, login):
    resp = login("cz").get("/exports/my-ledger.xlsx")
    assert resp.status_code == 200
    ws = load_workbook(BytesIO(resp.data))["责任清单"]
    titles = [r[2] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert titles == ["出台综合性支持政策"]
    assert login("office").get("/exports/my-ledger.xlsx").status_code == 403


def test_index_page_offers_both_exports(ledger_world, login):
    html = login("office").get("/exports/").get_data(as_text=True)
    assert "下载责任清单" in html and "生成材料包" in html and "js/exports.js" in html
    assert "自查评估前一年" in html and 'data-from="2021-06-01"' in html


def test_package_is_built_in_the_background_then_downloaded_by_its_requester(ledger_world, login):
    client = login("office")
    resp = client.post("/exports/package", data={"archive": "y", "date_from": "2021-09-30"},
                       headers={"Accept": "application/json"})
    assert resp.status_code == 202
    job = wait_for(client, resp.get_json()["status_url"])
    assert job["state"] == "done" and job["total"] == 4 and job["excluded"] == 1
    data = client.get(job["download_url"])
    assert data.status_code == 200 and data.mimetype == "application/zip"
    assert "总目录.xlsx" in zipfile.ZipFile(BytesIO(data.data)).namelist()
    data.close()
    other = login("leader")
    assert other.get(resp.get_json()["status_url"]).status_code == 404  # not the leader's job
    assert other.get(job["download_url"]).status_code == 404


def test_package_form_without_javascript_redirects_to_the_job(ledger_world, login):
    client = login("leader")
    resp = client.post("/exports/package", data={})
    assert resp.status_code == 302 and "job=" in resp.headers["Location"]
    job_id = resp.headers["Location"].split("job=")[1]
    wait_for(client, f"/exports/jobs/{job_id}")
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "下载材料包" in html and f"/exports/jobs/{job_id}/download" in html


def test_bad_window_is_refused(ledger_world, login):
    resp = login("office").post("/exports/package", data={"date_from": "2022-05-01", "date_to": "2022-01-01"},
                                headers={"Accept": "application/json"})
    assert resp.status_code == 400 and "截止日期" in resp.get_json()["error"]


def test_unknown_job_is_404(ledger_world, login):
    assert login("office").get("/exports/jobs/../../etc").status_code == 404
    assert login("office").get("/exports/jobs/" + "0" * 32).status_code == 404


def test_old_packages_are_removed(app, tmp_path):
    import os

    from tracker.exports.jobs import jobs_dir, remove_old_jobs

    folder = jobs_dir(str(tmp_path))
    old, new = folder / "old.zip", folder / "new.zip"
    old.write_bytes(b"x")
    new.write_bytes(b"x")
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    assert remove_old_jobs(str(tmp_path)) == 1
    assert not old.exists() and new.exists()
