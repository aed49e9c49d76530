"""≥ 200 mutated evidence files (PDF, images, .docx/.xlsx/.pptx, old .doc/.xls/.ppt, zip) through the upload
service and the page count the package reads: each is accepted or refused with a Chinese reason, a refusal leaves no
row and no file, and every case stays within the bounds of tests/fuzz/harness.py."""
import io
import time
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import pytest
import xlwt
from sqlalchemy import func, select

from tests.cfb import compound_file
from tests.evidence.conftest import JPG, PDF, PNG, document, plain_zip, ppt
from tests.factories import basic_world
from tests.fuzz.harness import CHINESE, MAX_PEAK_MB, MAX_SECONDS
from tests.xlsx.hostile import byte_corpus, corpus, list_workbook
from tracker.errors import Refusal
from tracker.evidence.models import Evidence
from tracker.evidence.services import Incoming, upload_evidence
from tracker.exports.pages import count_pages
from tracker.extensions import db

PER_SEED = 30


def _office(*parts: tuple[str, str]) -> bytes:
    buf = io.BytesIO()

    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        for name, text in parts:
            zf.writestr(name, text)
    return buf.getvalue()


def _xls() -> bytes:
    book = xlwt.Workbook()
    book.add_sheet("材料").write(0, 0, "佐证")
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


APP_XML = "<Properties><Pages>3</Pages><Slides>2</Slides></Properties>"
SEEDS = {  # name: (file name, bytes, zip-aware mutations)
    "pdf": ("方案.pdf", PDF * 3, False), "png": ("照片.png", PNG, False), "jpg": ("照片.jpg", JPG, False),
    "docx": ("报告.docx", _office(("word/document.xml", "<w:document/>"), ("docProps/app.xml", APP_XML)), True),
    "pptx": ("汇报.pptx", _office(("ppt/presentation.xml", "<p/>"), ("docProps/app.xml", APP_XML)), True),
    "xlsx": ("台账.xlsx", list_workbook(), True), "zip": ("照片.zip", plain_zip(), True),
    "xls": ("台账.xls", _xls(), False), "doc": ("报告.doc", compound_file({"WordDocument": b"\x01" * 600}), False),
    "ppt": ("汇报.ppt", ppt(document()), False),
}


def _cases(seed: str):
    name, data, zipped = SEEDS[seed]
    mutations = corpus(data, PER_SEED, rng_seed=81) if zipped else byte_corpus(data, PER_SEED, rng_seed=81)
    for label, mutated in mutations:
        yield label, name, mutated


def _files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_mutated_evidence_is_stored_or_refused_whole(seed, app, security):
    world = basic_world()
    assignment = next(a for a in world.tasks[0].assignments if a.unit_id == world.units["wj"].id)
    user, folder = world.users["wj"], Path(app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    db.session.commit()
    for label, name, data in _cases(seed):
        where = f"{seed} {label}"
        rows, files = db.session.scalar(select(func.count(Evidence.id))), _files(folder)
        tracemalloc.start()
        start = time.perf_counter()
        try:
            stored = upload_evidence(assignment, user, [Incoming(name, io.BytesIO(data))], today=date(2022, 3, 1))
        except Refusal as exc:
            assert CHINESE.search(exc.message), f"{where}: {exc.message}"
            db.session.rollback()
            assert db.session.scalar(select(func.count(Evidence.id))) == rows, f"{where}: a row was left"
            assert _files(folder) == files, f"{where}: a file was left"
        else:
            db.session.commit()
            kind = db.session.scalar(select(Evidence.kind).order_by(Evidence.id.desc()).limit(1))
            pages = count_pages(stored[0], kind)
            assert pages is None or pages >= 0, where
        seconds, peak = time.perf_counter() - start, tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        assert seconds < MAX_SECONDS and peak < MAX_PEAK_MB, f"{where}: {seconds:.1f} s, {peak:.0f} MB"
        security.hostile()
