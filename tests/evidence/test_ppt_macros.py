"""An old .ppt keeps its VBA project inside the PowerPoint Document stream (a VBAInfoContainer record, [MS-PPT]):
found by walking the record tree within bounds, and refused like the .doc/.xls macros."""
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.assignments.conftest import assignment_of
from tests.cfb import compound_file
from tests.evidence.conftest import (
    RT_DOCUMENT,
    RT_DOCUMENT_ATOM,
    RT_EX_OLE_STG,
    RT_LIST,
    RT_SLIDE,
    RT_VBA_INFO,
    RT_VBA_INFO_ATOM,
    atom,
    container,
    document,
    ppt,
    upload,
    vba_info,
)
from tracker.evidence.models import Evidence
from tracker.evidence.sniff import (
    PPT_MAX_RECORDS,
    MacroRefused,
    detect_kind,
    ppt_has_vba,
    ppt_records,
)
from tracker.extensions import db


def _kind(tmp_path, content: bytes, name: str = "汇报.ppt") -> str:
    path = tmp_path / "f"
    path.write_bytes(content)
    return detect_kind(path, name)


def test_a_clean_ppt_is_a_ppt(tmp_path):
    assert _kind(tmp_path, ppt(document())) == "ppt"


def test_an_embedded_ole_object_is_no_macro(tmp_path):
    embedded = atom(RT_EX_OLE_STG, struct.pack("<I", 300) + b"x\x9c" + b"\x00" * 40, inst=1)  # compressed storage
    assert _kind(tmp_path, ppt(document() + embedded)) == "ppt"


@pytest.mark.parametrize("stream", [
    document(vba_info()),  # where PowerPoint puts it
    document(container(0x0FF0, container(0x0FF1, vba_info()))),  # deeper in the tree
    document(vba_info(inst=0, atom_ver=0)),  # other versions: only the walk sees it
    atom(0x0FA0, document(vba_info()), length=len(document(vba_info()))),  # hidden in an atom: only the scan sees it
])
def test_a_ppt_carrying_a_vba_project_is_refused(tmp_path, stream, security):
    with pytest.raises(MacroRefused, match="含有宏"):
        _kind(tmp_path, ppt(stream))
    security.hostile()


def test_an_msi_named_ppt_is_still_refused(tmp_path, security):
    installer = compound_file({"\x05SummaryInformation": b"msi", "!_StringData": b"x", "!_StringPool": b"y"})
    assert _kind(tmp_path, installer, "setup.ppt") == ""
    security.hostile()


def test_the_upload_names_the_presentation_and_the_macro(client, login, world):
    a = assignment_of(world, 0, "wj")
    resp = upload(login("wj"), a.id, ("汇报.ppt", ppt(document(vba_info()))))
    assert resp.json["ok"] is False and "「汇报.ppt」含有宏" in resp.json["message"]
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


# --- hostile record streams: every one ends, within the record cap ----------------------------------------


def _deep(levels: int) -> bytes:
    """`levels` containers, each claiming the whole stream."""
    return b"".join(struct.pack("<HHI", 0xF, 0x0FF0, 0xFFFFFFFF) for _ in range(levels))


@pytest.mark.parametrize("label,stream", [
    ("length past the end", atom(0x03EF, b"\x00" * 4, length=0xFFFFFFFF)),
    ("container past the end", container(RT_DOCUMENT, atom(RT_DOCUMENT_ATOM, b"\x00" * 8), length=0xFFFFFFFF)),
    ("child longer than its parent", container(RT_DOCUMENT, container(RT_LIST, b"\x00" * 64, length=10**6))),
    ("5,000 levels deep", _deep(5_000)),
    ("a header cut short", document()[:5]),
    ("empty containers only", container(RT_DOCUMENT) * 5_000),
])
def test_hostile_record_streams_end_clean(tmp_path, label, stream, security):
    assert ppt_has_vba(stream) is False, label
    assert _kind(tmp_path, ppt(stream)) == "ppt", label
    security.hostile()


def test_the_walk_stops_at_its_record_cap():
    headers = atom(0x0FA0) * 50  # 50 empty atoms
    assert len(list(ppt_records(headers, max_records=20))) == 20
    assert len(list(ppt_records(_deep(10_000), max_records=100))) == 100


def test_a_stream_with_more_records_than_the_cap_is_not_taken_for_a_ppt(tmp_path, security):
    assert ppt_has_vba(atom(0x0FA0) * (PPT_MAX_RECORDS + 1)) is None
    security.hostile()


records = st.recursive(
    st.builds(atom, st.sampled_from([RT_DOCUMENT_ATOM, 0x0FA0, RT_VBA_INFO_ATOM, RT_EX_OLE_STG]),
              st.binary(max_size=24), ver=st.integers(0, 14), length=st.none() | st.integers(0, 2**32 - 1)),
    lambda children: st.builds(lambda rec_type, kids, length: container(rec_type, *kids, length=length),
                               st.sampled_from([RT_DOCUMENT, RT_LIST, RT_VBA_INFO, RT_SLIDE]),
                               st.lists(children, max_size=4), st.none() | st.integers(0, 2**32 - 1)),
    max_leaves=12)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(parts=st.lists(records | st.binary(max_size=40), max_size=6), cut=st.integers(0, 400))
def test_any_record_stream_is_judged_within_bounds(tmp_path, parts, cut, security):
    stream = b"".join(parts)
    stream = stream[:len(stream) - cut] if cut < len(stream) else stream
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\x00")  # as tests/cfb.py stores it
    walked = list(ppt_records(stream, max_records=1_000))
    assert len(walked) <= min(1_000, len(stream) // 8)  # every record costs its header: bounded work
    assert all(depth <= len(stream) // 8 for _, depth in walked)
    verdict = ppt_has_vba(stream)
    assert verdict in (True, False)
    if any(rec_type in (RT_VBA_INFO, RT_VBA_INFO_ATOM) for rec_type, _ in ppt_records(stream)):
        assert verdict is True
    try:
        assert _kind(tmp_path, ppt(stream)) == "ppt"
        assert verdict is False
    except MacroRefused:
        assert verdict is True
    security.hostile()


def test_a_main_stream_above_the_byte_cap_is_not_read_but_refused(tmp_path, monkeypatch, security):
    monkeypatch.setattr("tracker.evidence.sniff.PPT_MAX_BYTES", 4096)
    assert _kind(tmp_path, ppt(document() + atom(0x0FA0, b"\x00" * 8000))) == ""
    assert _kind(tmp_path, ppt(document())) == "ppt"
    security.hostile()
