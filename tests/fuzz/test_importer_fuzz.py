"""≥ 500 seeded mutations of each importer's workbook through its command (SQLite; a sample on the other
databases, which run the same code): exit 0/1/2 with a message, nothing written when refused, within the
bounds of tests/fuzz/harness.py."""
import os

import pytest

from tests.fuzz.harness import IMPORTERS, run_case
from tests.xlsx.hostile import corpus
from tracker.extensions import db

FULL = not os.environ.get("TEST_DATABASE_URL")  # the big run on SQLite only
PER_IMPORTER = 500 if FULL else 40
CHUNKS = 5


@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_mutated_workbooks_exit_0_1_or_2_and_refusals_write_nothing(name, chunk, app, runner, tmp_path, security):
    importer = IMPORTERS[name]
    importer.world()
    db.session.commit()
    per_chunk = PER_IMPORTER // CHUNKS
    seen = set()
    for i, (label, data) in enumerate(corpus(importer.seed(), PER_IMPORTER, rng_seed=18)):
        if i // per_chunk != chunk:
            continue
        path = tmp_path / f"case{i}.xlsx"
        path.write_bytes(data)
        seen.add(run_case(runner, importer, str(path), label).exit_code)
        path.unlink()
        security.hostile()
    assert seen <= {0, 1, 2}


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_the_seed_itself_imports(name, app, runner, tmp_path):
    importer = IMPORTERS[name]
    importer.world()
    db.session.commit()
    path = tmp_path / "seed.xlsx"
    path.write_bytes(importer.seed())
    outcome = run_case(runner, importer, str(path), "seed")
    assert outcome.exit_code == 0 and importer.rows() > 0
