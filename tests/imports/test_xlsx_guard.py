"""A small upload that would unpack into a huge workbook is refused before openpyxl reads it."""
import io
import zipfile

import pytest

from tracker.imports.parser import read_list
from tracker.units.registry_io import RegistryFileError, read_registry
from tracker.xlsx.guard import unpacked_size_problem
from tracker.xlsx.reading import ImportFileError


def _bomb(unpacked_mb: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<a/>" + b" " * (unpacked_mb * 1024 * 1024))
    return buf.getvalue()


def test_guard_measures_the_unpacked_size():
    assert unpacked_size_problem(_bomb(1), limit=2 * 1024 * 1024) is None
    assert "解压后超过" in unpacked_size_problem(_bomb(3), limit=2 * 1024 * 1024)
    assert "损坏" in unpacked_size_problem(b"PK\x03\x04 not really a zip")


def test_list_and_registry_readers_refuse_a_zip_bomb():
    bomb = _bomb(210)
    assert len(bomb) < 1024 * 1024  # small on the wire
    with pytest.raises(ImportFileError, match="解压后超过"):
        read_list(bomb)
    with pytest.raises(RegistryFileError, match="解压后超过"):
        read_registry(bomb)
