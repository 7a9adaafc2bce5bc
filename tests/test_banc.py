"""The benchmark's synthetic corpora are valid content of the size they claim
(the benchmark itself is a script, run by hand: never a timed test)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "outils"))
import banc  # noqa: E402

from macros.validation import validate_tree  # noqa: E402


@pytest.mark.parametrize("sections, low, high", [(4, 7000, 8700), (1, 1600, 2400)])
def test_a_synthetic_corpus_is_schema_valid_and_of_the_said_size(tmp_path, sections, low, high):
    bodies = banc.generate(60, tmp_path / "corpus", sections=sections)
    catalogue, problems = validate_tree(tmp_path / "corpus")
    assert problems == []
    assert len(catalogue.fiches) == len(bodies) == 60
    assert len({f.plan for f in catalogue.fiches.values()}) == banc.PLANS
    assert low < sum(len(b.encode()) for b in bodies) / len(bodies) < high
    fiche = next(iter(catalogue.fiches.values()))
    assert fiche.data.calendrier and fiche.data.budget and fiche.data.indicateurs and fiche.data.partenaires
