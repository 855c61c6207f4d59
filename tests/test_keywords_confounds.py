"""Each keyword contrast carries the caveat of its own comparison, computed from the
documents table, and the keyword rows of the confound table."""

import numpy as np
import pandas as pd

from scotext.confound import CONFOUND_COLUMNS
from scotext.keywords.confounds import (confound_table, contrast_caveats, periods_caveat,
                                        side_tokens)
from scotext.keywords.periods import make_contrasts

# 2023 has three speakers (two documents machine-translated), 2024 one
DOCS = pd.DataFrame({
    "doc_id": ["a", "b", "c", "d", "e"],
    "year": [2023, 2023, 2023, 2024, 2024],
    "speaker": ["Ann Lee", "Bo Chen", "Cy Diaz", "Ann Lee", "Ann Lee"],
    "genre": ["interview", "speech", "interview", "interview", "interview"],
    "outlet": ["X", "Y", "Z", "X", "X"],
    "machine_translated": [True, True, False, False, False],
    "n_tokens": [100, 100, 100, 100, 100],
})
PERIODS = np.array(["2023", "2023", "2023", "2023", "2024", "2024"], dtype=object)
UNIT_DOCS = np.array(["a", "a", "b", "c", "d", "e"], dtype=object)
TOTALS = np.array([30, 20, 40, 60, 70, 80], dtype=float)


def test_caveat_of_each_contrast_names_its_own_sides():
    cons = make_contrasts(["2023", "2024"], "auto")
    cav = contrast_caveats(DOCS, PERIODS, UNIT_DOCS, TOTALS, cons)["2023_vs_2024"]
    for name in ("Ann Lee", "Bo Chen", "Cy Diaz"):      # every speaker of 2023, not a pair
        assert name in cav
    assert "mix of speakers" in cav and "machine translation" in cav and "genre" in cav
    assert "2023: 3 documents, 150 tokens" in cav and "2024: 2 documents, 150 tokens" in cav
    assert "document length (2023: 50 tokens per document; 2024: 75)" in cav
    assert "single document" not in cav
    assert "confounded" not in cav                        # not the legacy corpus-wide note


def test_a_within_speaker_contrast_says_so_and_only_what_differs():
    docs = DOCS.assign(speaker="Ann Lee", genre="interview", outlet="X",
                       machine_translated=False)
    cons = make_contrasts(["2023", "2024"], "auto")
    cav = contrast_caveats(docs, PERIODS, UNIT_DOCS, TOTALS, cons)["2023_vs_2024"]
    assert cav.startswith("Same speaker (Ann Lee).")
    assert "document length" in cav
    assert not any(w in cav for w in ("genre", "outlet", "machine translation", "mix of"))


def test_sides_use_the_analysed_tokens_and_confound_rows():
    assert side_tokens(PERIODS, UNIT_DOCS, TOTALS, ("2023",)) == {"a": 50, "b": 40, "c": 60}
    cons = make_contrasts(["2023", "2024"], "auto")
    rows = confound_table(DOCS, PERIODS, UNIT_DOCS, TOTALS, cons)
    assert list(rows.columns) == CONFOUND_COLUMNS
    assert rows["side"].tolist() == ["A", "B"] and set(rows["kind"]) == {"keywords"}
    a = rows.iloc[0]
    assert (a["n_docs"], a["n_tokens"], a["machine_translated_docs"]) == (3, 150, 2)
    assert "speaker" in a["differs"].split(";")
    groups = periods_caveat(DOCS, PERIODS, UNIT_DOCS, TOTALS, ["2023", "2024"])
    assert "Bo Chen" in groups and "2024: 2 docs" in groups
