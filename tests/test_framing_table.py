"""The frame table in its two layouts, and the corpus scored part by part.

The real codebook and lexicons are matched on the paragraphs of the five source texts, so
the tables hold many frames, hyphen compounds, acronyms and empty cells.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scotext.corpus.tokenizer_config import tokenizer_from_files
from scotext.framing.adjusted import adjusted_contrasts
from scotext.framing.codebook import load_codebook
from scotext.framing.distinctive import fightin_words, fightin_words_scopes
from scotext.framing.match import compile_codebook, score_segments
from scotext.framing.plots import plot_documents
from scotext.framing.salience import salience, speaker_differences
from scotext.framing.scoring import read_segment_chunks, score_corpus
from scotext.framing.seeded import dictionary_agreement
from scotext.framing.table import (is_wide, matrices, present_cells, read_frame_scores,
                                   to_long, to_wide)
from scotext.framing.transitions import qa_pairs
from scotext.framing.validation import (coverage, gold_metrics, kwic_lines, top_segments,
                                        top_terms)
from scotext.tables import csv_parts, write_csv

ROOT = Path(__file__).resolve().parents[1]
LEX = ROOT / "data" / "lexicons"


@pytest.fixture(scope="module")
def compiled():
    tok = tokenizer_from_files(
        spelling_variants=LEX / "spelling_variants.tsv", spelling_direction="american",
        domain_stopwords=LEX / "stopwords_domain.txt", standard_stopwords=True,
        multiword=LEX / "multiword.txt", lemma_overrides=LEX / "lemma_overrides.tsv",
        min_chars=2, keep_numbers=False)
    return compile_codebook(load_codebook(LEX / "frames.yaml"), tok)


@pytest.fixture(scope="module")
def segments():
    """Paragraphs of the source texts as segments: alternating question/answer turns, two
    answering speakers, a few near-duplicates, one empty paragraph."""
    rows = []
    for d, path in enumerate(sorted((ROOT / "data" / "raw").glob("*.txt"))):
        paras = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        for i, text in enumerate(paras[:60]):
            q = i % 2 == 0
            rows.append({"doc_id": path.stem, "segment_id": f"{path.stem}_s{i:03d}",
                         "turn": i // 1 + 1, "role": "question" if q else "answer",
                         "speaker": "Interviewer" if q else ("Norov" if d % 2 else "Ermekbaev"),
                         "year": 2019 + d, "date": f"{2019 + d}-01-0{d + 1}",
                         "is_duplicate": i % 17 == 5, "text": "" if i == 3 else text,
                         "tokens": " ".join(text.lower().split()[:40])})
    # a reprint of the first text's answers, not flagged as a duplicate: equal scores that
    # only corpus order can rank
    for r in [r for r in rows if r["doc_id"] == rows[0]["doc_id"] and r["role"] == "answer"]:
        rows.append({**r, "doc_id": "reprint", "segment_id": "reprint_" + r["segment_id"]})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def scored(segments, compiled):
    return score_segments(segments, compiled, layout="both")


def csv(df):
    return df.to_csv(index=False, lineterminator="\n")


def test_the_fixture_has_matches_in_many_frames(scored):
    long, wide, matches = scored
    assert len(matches) > 100
    assert (present_cells(wide)["frame"].nunique()) >= 8
    assert is_wide(wide) and not is_wide(long)


def test_wide_and_long_hold_the_same_scores(scored):
    long, wide, _ = scored
    assert csv(to_long(wide)) == csv(long.drop(columns="terms"))
    assert csv(to_wide(long)) == csv(wide)
    segs_l, frames_l, mats_l = matrices(long)
    segs_w, frames_w, mats_w = matrices(wide)
    assert frames_l == frames_w
    assert csv(segs_l) == csv(segs_w)
    for k in mats_l:
        np.testing.assert_array_equal(mats_l[k], mats_w[k])
    assert csv(present_cells(long, ["segment_id", "turn"])) == \
        csv(present_cells(wide, ["segment_id", "turn"]))


def test_every_analysis_gives_the_same_result_from_either_layout(scored, segments, tmp_path):
    long, wide, _ = scored
    opts = dict(n_boot=50, seed=3)
    for var in ("speaker", "role", "year"):
        assert csv(salience(long, var, **opts)) == csv(salience(wide, var, **opts))
    docs = segments.groupby("doc_id", as_index=False).agg(speaker=("speaker", "last"),
                                                         year=("year", "first"))
    diff = dict(n_boot=50, n_perm=99, seed=3, roles=["answer"])
    assert csv(speaker_differences(long, docs, **diff)) == \
        csv(speaker_differences(wide, docs, **diff))
    adj_l, conf_l = adjusted_contrasts(long, docs, n_boot=30, seed=3)
    adj_w, conf_w = adjusted_contrasts(wide, docs, n_boot=30, seed=3)
    assert len(adj_l) and csv(adj_l) == csv(adj_w) and conf_l == conf_w
    assert csv(qa_pairs(long)) == csv(qa_pairs(wide))
    assert csv(coverage(long)) == csv(coverage(wide))
    seg = segments.drop(columns="text")
    assert csv(fightin_words(seg, long)) == csv(fightin_words(seg, wide))
    assert csv(fightin_words_scopes(seg, long)) == csv(fightin_words_scopes(seg, wide))
    ids = list(segments["segment_id"][:40])
    theta = np.random.default_rng(0).dirichlet(np.ones(3), size=len(ids))
    topics = ["security", "economy", "health"]
    assert csv(dictionary_agreement(theta, topics, long, ids)) == \
        csv(dictionary_agreement(theta, topics, wide, ids))
    gold = pd.DataFrame({"segment_id": ids[:10] * 2, "frame": ["security"] * 10 + ["economy"] * 10,
                         "present": [True, False] * 10, "coder": "a"})
    assert csv(gold_metrics(gold, long)) == csv(gold_metrics(gold, wide))
    answers_l, answers_w = long[long["role"] == "answer"], wide[wide["role"] == "answer"]
    plot_documents(answers_l, {}, tmp_path / "long")
    plot_documents(answers_w, {}, tmp_path / "wide")
    assert (tmp_path / "long.csv").read_bytes() == (tmp_path / "wide.csv").read_bytes()
    # the figure's data: share of non-duplicate answer segments with the frame, by document
    kept = answers_l[~answers_l["is_duplicate"]]
    expected = kept.groupby(["frame", "doc_id"])["present"].mean().unstack("doc_id")
    got = pd.read_csv(tmp_path / "wide.csv").set_index("frame")
    pd.testing.assert_frame_equal(got.loc[expected.index, expected.columns], expected,
                                  check_names=False)


def test_a_wide_table_with_a_segment_twice_is_refused(scored):
    wide = scored[1]
    with pytest.raises(ValueError, match="holds segment .* twice"):
        matrices(pd.concat([wide, wide.iloc[:1]]))


@pytest.mark.parametrize("chunk", [1, 7, 50, 10_000])
def test_scoring_part_by_part_equals_scoring_at_once(chunk, segments, compiled, scored,
                                                      tmp_path):
    long, wide, matches = scored
    seg = segments.drop(columns="tokens")
    path = tmp_path / "segments.csv"
    write_csv(seg, path)
    with csv_parts(tmp_path / "long.csv") as add_long, \
            csv_parts(tmp_path / "matches.csv") as add_matches:
        out = score_corpus(read_segment_chunks(path, chunk), compiled, min_hits=1,
                           kwic_window=40, kwic_max_per_term=2, top_n=3, roles=["answer"],
                           add_long=add_long, add_matches=add_matches)
    write_csv(long, tmp_path / "long_whole.csv")
    write_csv(matches, tmp_path / "matches_whole.csv")
    assert (tmp_path / "long.csv").read_bytes() == (tmp_path / "long_whole.csv").read_bytes()
    assert (tmp_path / "matches.csv").read_bytes() == \
        (tmp_path / "matches_whole.csv").read_bytes()
    assert csv(out["wide"]) == csv(wide)
    assert csv(out["kwic"]) == csv(kwic_lines(matches, seg, window=40, max_per_term=2))
    assert csv(out["top_terms"]) == csv(top_terms(matches))
    assert csv(out["top_segments"]) == csv(top_segments(long, seg, n=3, roles=["answer"]))
    assert csv(out["coverage"]) == csv(coverage(long, roles=["answer"]))
    # the wide file reads back to the same analyses
    write_csv(out["wide"], tmp_path / "wide.csv")
    back = read_frame_scores(tmp_path / "wide.csv")
    assert csv(salience(back, "speaker", 20, 1)) == csv(salience(long, "speaker", 20, 1))


def test_scoring_an_empty_corpus_gives_empty_tables(compiled, segments, tmp_path):
    path = tmp_path / "segments.csv"
    write_csv(segments.drop(columns="tokens").iloc[:0], path)
    with csv_parts(tmp_path / "long.csv") as add_long:
        out = score_corpus(read_segment_chunks(path), compiled, min_hits=1, kwic_window=40,
                           kwic_max_per_term=2, top_n=3, roles=["answer"], add_long=add_long)
    assert out["wide"].empty and out["kwic"].empty and out["top_terms"].empty
    assert (tmp_path / "long.csv").read_text().startswith("doc_id,segment_id,")


def test_a_segment_in_two_parts_is_refused(compiled, segments, tmp_path):
    seg = segments.drop(columns="tokens")
    path = tmp_path / "segments.csv"
    write_csv(pd.concat([seg.iloc[:5], seg.iloc[:1]]), path)
    with pytest.raises(ValueError, match="occurs twice"):
        score_corpus(read_segment_chunks(path, 5), compiled, min_hits=1, kwic_window=40,
                     kwic_max_per_term=2, top_n=3, roles=["answer"])


def test_csv_parts_equals_one_write_and_leaves_nothing_on_error(tmp_path):
    df = pd.DataFrame({"a": [1, 2, 3], "b": [0.1, 1 / 3, float("nan")], "c": ["x", "", "z"]})
    with csv_parts(tmp_path / "parts.csv") as add:
        add(df.iloc[:0])
        add(df.iloc[:2])
        add(df.iloc[2:])
    write_csv(df, tmp_path / "whole.csv")
    assert (tmp_path / "parts.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    with pytest.raises(ValueError, match="a part has the columns"):
        with csv_parts(tmp_path / "bad.csv") as add:
            add(df)
            add(df[["a", "b"]])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parts.csv", "whole.csv"]
