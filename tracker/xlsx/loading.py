"""Opening an uploaded workbook: the guard's scan first, then openpyxl, every failure one ImportFileError.

openpyxl's own errors on a damaged file (lxml, zlib, IndexError, KeyError, …) cannot be listed in advance: past
the guard, whatever openpyxl raises while loading means "this file cannot be read", never a traceback.
"""
import io
import logging
import warnings
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from tracker.xlsx.guard import WorkbookFacts, check_workbook
from tracker.xlsx.package import CORRUPT, Limits
from tracker.xlsx.reading import ImportFileError

log = logging.getLogger(__name__)


@dataclass
class LoadedWorkbook:
    values: Workbook  # formula cells hold the value Excel/WPS saved with them
    facts: WorkbookFacts  # what the scan saw, e.g. the formulas saved without a value


def load_upload(data: bytes, limits: Limits) -> LoadedWorkbook:
    """Check `data` against `limits`, then load it once; raises ImportFileError with a Chinese reason."""
    facts = check_workbook(data, limits)
    return LoadedWorkbook(_load(data), facts)


def _load(data: bytes) -> Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "extension not supported" and the like: nothing the office can act on
        try:
            return load_workbook(io.BytesIO(data), data_only=True)
        except Exception as exc:  # noqa: BLE001 — see the module docstring
            log.info("refused an unreadable workbook: %s: %s", type(exc).__name__, exc)
            raise ImportFileError(CORRUPT) from exc
