"""Validation tools: evidence tables, coverage, gold standard, precision/recall/F1,
Krippendorff's alpha."""

import numpy as np
import pandas as pd
import pytest

from scotext.errors import InputError
from scotext.framing.validation import (coder_reliability, coincidence_matrix, coverage,
                                        gold_labels, gold_metrics, gold_sample,
                                        krippendorff_alpha, kwic_lines, prf, read_gold,
                                        top_segments, top_terms)

N = None


# ----------------------------------------------------------------- Krippendorff's alpha

def test_alpha_perfect_agreement_is_one():
    data = np.array([[1, 1], [0, 0], [1, 1], [0, 0], [0, 0]])
    assert krippendorff_alpha(data) == pytest.approx(1.0)


def test_alpha_binary_two_coders_worked_by_hand():
    # coder A: 1 1 1 1 0 0 0 0 0 0; coder B: 1 1 1 0 0 0 0 0 0 1
    # coincidences: 3 units (1,1) -> o11 = 6; 5 units (0,0) -> o00 = 10; 2 disagreeing
    # units -> o01 = o10 = 2. n0 = 12, n1 = 8, n = 20.
    # alpha = 1 - (n - 1) * (o01 + o10) / (n^2 - n0^2 - n1^2) = 1 - 19 * 4 / 192 = 29/48
    a = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    b = [1, 1, 1, 0, 0, 0, 0, 0, 0, 1]
    data = np.array([a, b]).T
    values, o = coincidence_matrix(data)
    assert values == [0, 1]
    assert o.tolist() == [[10, 2], [2, 6]]
    assert krippendorff_alpha(data) == pytest.approx(29 / 48)


def test_alpha_krippendorff_2011_example_a():
    # Krippendorff (2011), section A: binary data, two observers, no missing data: 0.095
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    _, o = coincidence_matrix(np.array([a, b]).T)
    assert o.tolist() == [[10, 4], [4, 2]]
    assert krippendorff_alpha(np.array([a, b]).T) == pytest.approx(1 - 19 * 4 / (14 * 6))
    assert round(krippendorff_alpha(np.array([a, b]).T), 3) == 0.095


def test_alpha_krippendorff_2011_example_c_missing_values():
    # Krippendorff (2011), section C: nominal data, 4 observers, 12 units, missing values:
    # alpha_nominal = 0.743
    A = [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N]
    B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3]
    C = [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N]
    D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]
    data = np.array([A, B, C, D], dtype=object).T
    assert round(krippendorff_alpha(data), 3) == 0.743
    _, o = coincidence_matrix(data)
    assert o.sum() == pytest.approx(40)       # unit 12 has one value: not pairable


def test_alpha_undefined_without_variation_or_pairs():
    assert np.isnan(krippendorff_alpha(np.array([[1, 1], [1, 1]])))
    assert np.isnan(krippendorff_alpha(np.array([[1, N], [N, 0]], dtype=object)))


# ------------------------------------------------------------------------ gold standard

SEGMENTS = pd.DataFrame({
    "doc_id": ["d1", "d1", "d2", "d2"],
    "segment_id": ["d1_s1", "d1_s2", "d2_s1", "d2_s2"],
    "text": ["The fight against terrorism  continues in the region and beyond, said the official today.",
             "Trade and investment grow.",
             "The fight against terrorism  continues in the region and beyond, said the official today!",
             "Pandemic solidarity."],
    "is_duplicate": [False, False, True, False],
    "role": ["answer", "answer", "answer", "answer"],
    "speaker": ["A", "A", "B", "B"],
})


def test_read_gold_keys_values_and_fallback():
    raw = pd.DataFrame({
        "segment_key": ["d1_s2", "Pandemic solidarity.", SEGMENTS["text"][0][:60], "d1_s2"],
        "frame": ["economy", "health", "security", "economy"],
        "present": ["1", "yes", "TRUE", "0"],
        "coder": ["c1", "c1", "c1", "c2"],
    })
    g = read_gold(raw, SEGMENTS, frames=["economy", "health", "security"])
    assert g["segment_id"].tolist() == ["d1_s2", "d2_s2", "d1_s1", "d1_s2"]
    assert g["present"].tolist() == [True, True, True, False]
    # an opening that is not the beginning of a text, or too short, does not match
    for key in (SEGMENTS["text"][0][:60] + " extra", "The fight"):
        with pytest.raises(InputError, match="matches 0 segment texts"):
            read_gold(raw.assign(segment_key=key), SEGMENTS)


@pytest.mark.parametrize("row, match", [
    ({"segment_key": "nope"}, r"row 2: field 'segment_key': 'nope' is not a segment_id"),
    ({"frame": "economics"}, r"row 2: field 'frame': 'economics' is not a frame"),
    ({"present": "maybe"}, r"row 2: field 'present': 'maybe' is not 1/0"),
    ({"coder": " "}, r"row 2: field 'coder': is empty"),
])
def test_read_gold_errors_name_row_and_field(row, match):
    rec = {"segment_key": "d1_s2", "frame": "economy", "present": "1", "coder": "c1"}
    rec.update(row)
    with pytest.raises(InputError, match=match):
        read_gold(pd.DataFrame([rec]), SEGMENTS, frames=["economy"], source="frames_gold.csv")


def test_read_gold_rejects_double_coding_and_missing_columns(tmp_path):
    p = tmp_path / "frames_gold.csv"
    p.write_text("segment_key,frame,present,coder\nd1_s2,economy,1,c1\nd1_s2,economy,0,c1\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match=r"frames_gold.csv: row 3: .*coded twice"):
        read_gold(p, SEGMENTS)
    p.write_text("segment,frame,present,coder\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        read_gold(p, SEGMENTS)


def test_ambiguous_text_key_prefers_the_canonical_segment():
    # d1_s1 and its near-duplicate d2_s1 open with the same 60 characters
    raw = pd.DataFrame([{"segment_key": SEGMENTS["text"][2][:70], "frame": "security",
                         "present": 1, "coder": "c"}])
    assert read_gold(raw, SEGMENTS)["segment_id"].item() == "d1_s1"
    both = SEGMENTS.assign(is_duplicate=False)
    with pytest.raises(InputError, match="matches 2 segment texts"):
        read_gold(raw, both)


def frame_scores(present):
    """present: {(segment_id, frame): bool} -> minimal frame_segments."""
    return pd.DataFrame([{"segment_id": s, "frame": f, "present": v}
                         for (s, f), v in present.items()])


def test_precision_recall_f1_by_hand():
    assert prf(3, 1, 2) == pytest.approx((0.75, 0.6, 6 / 9))
    p, r, f = prf(0, 0, 0)
    assert np.isnan(p) and np.isnan(r) and np.isnan(f)
    p, r, f = prf(0, 2, 0)
    assert p == 0 and np.isnan(r) and f == 0


def test_gold_metrics_per_frame_micro_macro():
    segs = [f"s{i}" for i in range(6)]
    # frame x: gold 1 1 1 0 0 0, dictionary 1 1 0 1 0 0 -> tp 2, fp 1, fn 1, tn 2
    # frame y: gold 1 0 0 0 0 0, dictionary 1 0 0 0 0 0 -> tp 1, tn 5
    gx = [1, 1, 1, 0, 0, 0]
    dx = [1, 1, 0, 1, 0, 0]
    gy = [1, 0, 0, 0, 0, 0]
    dy = [1, 0, 0, 0, 0, 0]
    gold = pd.DataFrame([{"segment_id": s, "frame": f, "present": bool(v), "coder": "c1"}
                         for f, vals in (("x", gx), ("y", gy)) for s, v in zip(segs, vals)])
    dic = frame_scores({**{(s, "x"): bool(v) for s, v in zip(segs, dx)},
                        **{(s, "y"): bool(v) for s, v in zip(segs, dy)}})
    m = gold_metrics(gold, dic).set_index("frame")
    assert m.loc["x", ["tp", "fp", "fn", "tn"]].tolist() == [2, 1, 1, 2]
    assert m.loc["x", "precision"] == pytest.approx(2 / 3)
    assert m.loc["x", "recall"] == pytest.approx(2 / 3)
    assert m.loc["x", "f1"] == pytest.approx(2 / 3)
    assert m.loc["y", "f1"] == pytest.approx(1.0)
    # micro: tp 3, fp 1, fn 1
    assert m.loc["micro", "precision"] == pytest.approx(0.75)
    assert m.loc["micro", "f1"] == pytest.approx(0.75)
    # macro: mean of (2/3, 1)
    assert m.loc["macro", "f1"] == pytest.approx(5 / 6)


def test_majority_labels_ties_and_coder_choice():
    gold = pd.DataFrame({"segment_id": ["s1"] * 3 + ["s2"] * 2, "frame": "x",
                         "present": [True, True, False, True, False],
                         "coder": ["a", "b", "c", "a", "b"]})
    lab = gold_labels(gold).set_index("segment_id")
    assert bool(lab.loc["s1", "present"]) and not bool(lab.loc["s1", "tie"])
    assert bool(lab.loc["s2", "tie"])
    dic = frame_scores({("s1", "x"): True, ("s2", "x"): True})
    m = gold_metrics(gold, dic).set_index("frame")
    assert m.loc["x", "n"] == 1 and m.loc["x", "n_ties"] == 1
    mb = gold_metrics(gold, dic, coder="b").set_index("frame")
    assert mb.loc["x", ["tp", "fp"]].tolist() == [1, 1]
    with pytest.raises(ValueError, match="coder 'z'"):
        gold_labels(gold, coder="z")


def test_coder_reliability_per_frame():
    a = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    b = [1, 1, 1, 0, 0, 0, 0, 0, 0, 1]
    rows = [{"segment_id": f"s{i}", "frame": "x", "present": bool(v), "coder": c}
            for c, vals in (("a", a), ("b", b)) for i, v in enumerate(vals)]
    rows.append({"segment_id": "s99", "frame": "x", "present": True, "coder": "a"})  # one coder
    rows += [{"segment_id": f"s{i}", "frame": "y", "present": bool(i % 2), "coder": c}
             for c in ("a", "b") for i in range(4)]
    r = coder_reliability(pd.DataFrame(rows)).set_index("frame")
    assert r.loc["x", "n_units"] == 10 and r.loc["x", "n_coders"] == 2
    assert r.loc["x", "alpha"] == pytest.approx(29 / 48)
    assert r.loc["x", "observed_agreement"] == pytest.approx(16 / 20)
    assert r.loc["y", "alpha"] == pytest.approx(1.0)


# -------------------------------------------------------------- evidence and coverage

MATCHES = pd.DataFrame({
    "segment_id": ["d1_s1", "d1_s2", "d1_s2", "d2_s2"],
    "frame": ["security", "economy", "economy", "health"],
    "term": ["terrorism", "trade", "investment", "pandemic"],
    "start": [18, 0, 10, 0], "end": [27, 5, 20, 8],
    "match": ["terrorism", "Trade", "investment", "Pandemic"],
})


def test_top_terms_and_kwic():
    t = top_terms(MATCHES)
    assert t[t["frame"] == "economy"]["term"].tolist() == ["investment", "trade"]
    k = kwic_lines(MATCHES, SEGMENTS, window=10)
    first = k.iloc[0]
    assert first["match"] == "terrorism" and first["left"] == "against "
    assert first["right"] == " "          # "  continue" cut at the last word boundary
    assert k.iloc[1]["left"] == "" and k.iloc[1]["match"] == "Trade"
    assert len(kwic_lines(MATCHES, SEGMENTS, frame="economy", max_per_term=1)) == 2


def test_top_segments_and_coverage():
    fs = pd.DataFrame([
        {"segment_id": s, "doc_id": s[:2], "speaker": sp, "role": "answer", "is_duplicate": d,
         "frame": f, "n_hits": h, "per_1000": h * 100.0, "present": h > 0, "terms": ""}
        for s, sp, d, f, h in [("d1_s1", "A", False, "security", 1),
                               ("d1_s1", "A", False, "economy", 0),
                               ("d1_s2", "A", False, "security", 0),
                               ("d1_s2", "A", False, "economy", 2),
                               ("d2_s1", "B", True, "security", 1),
                               ("d2_s1", "B", True, "economy", 0),
                               ("d2_s2", "B", False, "security", 0),
                               ("d2_s2", "B", False, "economy", 0)]])
    top = top_segments(fs, SEGMENTS, n=5)
    assert top[top["frame"] == "security"]["segment_id"].tolist() == ["d1_s1"]  # dup left out
    assert top.iloc[-1]["text"] == "Trade and investment grow."
    c = coverage(fs).set_index("group")
    assert c.loc["A", "share_no_frame"] == 0 and c.loc["B", "share_no_frame"] == 1
    assert c.loc["all", "n_segments"] == 3 and c.loc["all", "n_no_frame"] == 1


def test_gold_sample_is_seeded_and_blind():
    a = gold_sample(SEGMENTS, ["x", "y"], 2, seed=1)
    b = gold_sample(SEGMENTS, ["x", "y"], 2, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 4 and (a["present"] == "").all()
    assert "d2_s1" not in set(a["segment_key"])              # near-duplicates left out
