"""Malformed and hostile workbooks through every workbook reader (list, unit registry, indicators), the command
line and the web: each file is read or refused with a Chinese reason (exit 2, a flashed message) — never a
traceback, an exit 1 or a 500."""
import functools
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_campaign, make_user
from tests.xlsx.hostile import (
    corpus,
    handmade,
    indicators_workbook,
    list_workbook,
    parts_of,
    registry_workbook,
    rezip,
)
from tracker.extensions import db
from tracker.imports.parser import read_list
from tracker.indicators.importing import read_rows
from tracker.units.models import Unit
from tracker.units.registry_io import read_registry
from tracker.xlsx.reading import ImportFileError

CHINESE = re.compile(r"[\u4e00-\u9fff]")
READERS = {"list": (read_list, list_workbook()), "registry": (read_registry, registry_workbook()),
           "indicators": (read_rows, indicators_workbook())}
CASES = {name: handmade(seed) for name, (_, seed) in READERS.items()}
MUTATIONS = 500  # per reader
CHUNKS = 5


@functools.cache
def _built(reader: str, case: str) -> bytes:
    return CASES[reader][case]()


def _outcome(read, data: bytes) -> str:
    """'read' or 'refused'; anything else (an exception that is not a refusal) fails the test."""
    try:
        read(data)
    except ImportFileError as exc:  # RegistryFileError is one too
        assert CHINESE.search(str(exc)), str(exc)
        return "refused"
    return "read"


def test_seeds_are_readable():
    assert len(read_list(READERS["list"][1]).rows) == 3
    assert [r.name for r in read_registry(READERS["registry"][1]).rows] == ["区卫健局", "区政府办", "老城街道办"]
    assert len(read_rows(READERS["indicators"][1])[2]) == 3


@pytest.mark.parametrize("case", sorted(CASES["list"]))
@pytest.mark.parametrize("reader", sorted(READERS))
def test_reader_refuses_hostile_file(reader, case, security):
    assert _outcome(READERS[reader][0], _built(reader, case)) == "refused"
    security.hostile()


@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.parametrize("reader", sorted(READERS))
def test_seeded_mutations_are_read_or_refused(reader, chunk, security):
    read, seed = READERS[reader]
    per_chunk = MUTATIONS // CHUNKS
    for i, (label, data) in enumerate(corpus(seed, MUTATIONS, rng_seed=7)):
        if i // per_chunk == chunk:
            try:
                _outcome(read, data)
            except Exception as exc:
                raise AssertionError(f"{reader} {label}: {type(exc).__name__}: {exc}") from exc
            security.hostile()


PARTS = sorted(parts_of(READERS["list"][1]))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(part=st.sampled_from(PARTS), at=st.integers(0, 1 << 20), cut=st.integers(0, 64), junk=st.binary(max_size=24))
def test_any_splice_into_any_part_is_read_or_refused(security, part, at, cut, junk):
    parts = parts_of(READERS["list"][1])
    content = parts[part]
    at %= len(content) + 1
    parts[part] = content[:at] + junk + content[at + cut:]
    data = rezip(parts)
    for read, _ in READERS.values():
        _outcome(read, data)
        security.hostile()


# --- the command line and the web ----------------------------------------------------------------------------

CLI_CASES = ["broken sheet XML", "broken workbook XML", "broken styles XML", "external entity", "corrupt deflate",
             "encrypted flag", "deflate64", "encrypted workbook (OLE container)", "shared-string index past the table",
             "style index past the table", "merge over a million rows", "too many rows"]


@pytest.mark.parametrize("case", CLI_CASES)
def test_tasks_import_exits_2_with_a_chinese_reason(case, app, runner, tmp_path, security):
    make_campaign()
    db.session.commit()
    path = tmp_path / "list.xlsx"
    path.write_bytes(_built("list", case))
    result = runner.invoke(args=["tasks", "import", "hb", str(path)])
    assert result.exit_code == 2, result.output
    assert CHINESE.search(result.stderr) and "Traceback" not in result.output
    security.hostile()


@pytest.mark.parametrize("case", CLI_CASES)
def test_units_import_exits_2_and_writes_nothing(case, app, runner, tmp_path, security):
    path = tmp_path / "units.xlsx"
    path.write_bytes(_built("registry", case))
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 2 and CHINESE.search(result.stderr)
    assert db.session.query(Unit).count() == 0
    security.hostile()


@pytest.mark.parametrize("case", CLI_CASES)
def test_indicators_import_exits_2_with_a_chinese_reason(case, app, runner, tmp_path, security):
    make_campaign()
    db.session.commit()
    path = tmp_path / "indicators.xlsx"
    path.write_bytes(_built("indicators", case))
    result = runner.invoke(args=["indicators", "import", "hb", str(path)])
    assert result.exit_code == 2 and CHINESE.search(result.stderr), result.output
    security.hostile()


def test_units_import_refuses_a_file_over_the_size_cap(app, runner, tmp_path, security):
    path = tmp_path / "units.xlsx"
    path.write_bytes(READERS["registry"][1])
    app.config["IMPORT_MAX_MB"] = 0
    try:
        result = runner.invoke(args=["units", "import", str(path)])
    finally:
        app.config["IMPORT_MAX_MB"] = 10
    assert result.exit_code == 2 and "MB" in result.stderr
    security.hostile()


@pytest.mark.parametrize("case", CLI_CASES)
def test_list_upload_of_hostile_file_is_a_clean_refusal(case, app, login, security):
    campaign = make_campaign()
    make_user("office", "office")
    db.session.commit()
    resp = login("office").post("/imports", data={"campaign_id": campaign.id,
                                                  "file": (io.BytesIO(_built("list", case)), "list.xlsx")},
                                content_type="multipart/form-data")
    assert resp.status_code == 200 and "无法读取" in resp.get_data(as_text=True)
    security.hostile()


@pytest.mark.parametrize("case", CLI_CASES)
def test_registry_upload_of_hostile_file_is_a_clean_refusal(case, app, login, security):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    resp = client.post("/units/import", data={"file": (io.BytesIO(_built("registry", case)), "units.xlsx")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert resp.status_code == 200 and "无法读取单位名册" in resp.get_data(as_text=True)
    assert db.session.query(Unit).count() == 0
    security.hostile()
