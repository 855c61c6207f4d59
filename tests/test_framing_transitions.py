"""Question -> answer frame transitions on a hand-made interview."""

import numpy as np
import pandas as pd
import pytest

from scotext.framing.transitions import (NOTE, adoption_lift, adoption_rates, qa_pairs,
                                         transition_counts, transition_null,
                                         transition_tables, turn_frames)
from scotext.inference.exact import clopper_pearson

FRAMES = ("security", "economy", "health")


def interview():
    """(doc, turn, role, speaker, duplicate, frames present) per segment."""
    segs = [
        # doc1: narration, Q(security) -> A(security; economy) over two paragraphs
        ("doc1", 1, "narration", "Outlet", False, []),
        ("doc1", 2, "question", "Journalist", False, ["security"]),
        ("doc1", 3, "answer", "SG One", False, ["security"]),
        ("doc1", 3, "answer", "SG One", False, ["economy"]),
        # Q(economy, health) -> narration -> A(none)
        ("doc1", 4, "question", "Journalist", False, ["economy", "health"]),
        ("doc1", 5, "narration", "Outlet", False, ["security"]),
        ("doc1", 6, "answer", "SG One", False, []),
        # Q(none) followed by another Q(health): the first is unpaired
        ("doc1", 7, "question", "Journalist", False, []),
        ("doc1", 8, "question", "Journalist", False, ["health"]),
        ("doc1", 9, "answer", "SG One", False, ["health"]),
        # an answer without a question (numbered item): unpaired
        ("doc1", 10, "answer", "SG One", False, ["economy"]),
        # doc2: Q(none) -> A(economy); then a duplicated exchange
        ("doc2", 1, "question", "Reporter", False, []),
        ("doc2", 2, "answer", "SG Two", False, ["economy"]),
        ("doc2", 3, "question", "Reporter", False, ["security"]),
        ("doc2", 4, "answer", "SG Two", True, ["security"]),
    ]
    rows = []
    for i, (doc, turn, role, spk, dup, present) in enumerate(segs):
        for f in FRAMES:
            rows.append({"doc_id": doc, "segment_id": f"{doc}_s{i:02d}", "turn": turn,
                         "role": role, "speaker": spk, "year": 2019 if doc == "doc1" else 2025,
                         "is_duplicate": dup, "frame": f, "present": f in present,
                         "n_hits": int(f in present), "n_words": 10})
    return pd.DataFrame(rows)


def test_turn_frames_union_of_segments():
    t = turn_frames(interview())
    a = t[(t["doc_id"] == "doc1") & (t["turn"] == 3)].iloc[0]
    assert a["frames"] == ["security", "economy"] and a["n_segments"] == 2
    assert t[(t["doc_id"] == "doc2") & (t["turn"] == 4)]["all_duplicate"].item()


def test_pairs_by_hand():
    p = qa_pairs(interview())
    assert list(zip(p["doc_id"], p["q_turn"], p["a_turn"])) == [
        ("doc1", 2, 3), ("doc1", 4, 6), ("doc1", 8, 9), ("doc2", 1, 2)]
    first = p.iloc[0]
    assert first["q_frames"] == "security" and first["a_frames"] == "security | economy"
    assert first["adopted"] == "security" and first["new"] == "economy" and first["shift"]
    assert first["n_q_segments"] == 1 and first["n_a_segments"] == 2
    second = p.iloc[1]
    assert second["n_q_frames"] == 2 and second["n_a_frames"] == 0
    assert second["dropped"] == "economy | health" and not second["shift"]
    assert p.iloc[3]["interviewer"] == "Reporter" and p.iloc[3]["speaker"] == "SG Two"
    with_dup = qa_pairs(interview(), include_duplicates=True)
    assert len(with_dup) == 5 and with_dup.iloc[-1]["a_turn"] == 4


def test_transition_counts_with_none():
    p = qa_pairs(interview())
    t = transition_counts(p).set_index(["question_frame", "answer_frame"])
    assert t.loc[("security", "security"), "count"] == 1
    assert t.loc[("security", "economy"), "count"] == 1
    assert t.loc[("economy", "none"), "count"] == 1 and t.loc[("health", "none"), "count"] == 1
    assert t.loc[("health", "health"), "count"] == 1
    assert t.loc[("none", "economy"), "count"] == 1
    assert t["count"].sum() == 6               # 2 + 2 + 1 + 1 pair-cells
    assert t.loc[("health", "none"), "n_pairs_q"] == 2
    assert t.loc[("health", "none"), "share_of_q"] == pytest.approx(0.5)
    full = transition_counts(p, frames=FRAMES)
    assert len(full) == 16 and full["count"].sum() == 6
    assert list(full["question_frame"].unique()) == [*FRAMES, "none"]
    with pytest.raises(ValueError, match="not in `frames`"):
        transition_counts(p, frames=["security"])


def test_adoption_and_shift_rates():
    r = adoption_rates(qa_pairs(interview()), FRAMES, n_draws=200, seed=1)
    assert set(r["scope"]) == {"answer", "first_paragraph"}
    ans = r[r["scope"] == "answer"].set_index("group")
    one = ans.loc["SG One"]
    # question frames: 1 + 2 + 1 = 4, adopted: security, health -> 2/4
    assert one["n_pairs"] == 3 and one["n_question_frames"] == 4 and one["n_adopted"] == 2
    assert one["adoption_rate"] == pytest.approx(0.5)
    lo, hi = (float(x) for x in clopper_pearson(2, 4))
    assert (one["adoption_ci_low"], one["adoption_ci_high"]) == pytest.approx((lo, hi))
    # answers introducing a frame: pair 1 (economy) -> 1/3
    assert one["shift_rate"] == pytest.approx(1 / 3)
    two = ans.loc["SG Two"]
    assert np.isnan(two["adoption_rate"]) and two["shift_rate"] == 1.0
    assert two["n_questions_without_frame"] == 1
    # doc2 has a single (non-duplicate) pair: it cannot be re-paired
    assert two["n_pairs_alone"] == 1 and two["shift_null_mean"] == 1.0
    assert ans.loc["all", "n_pairs"] == 4 and ans.loc["all", "n_interviews"] == 2
    first = r[r["scope"] == "first_paragraph"].set_index("group").loc["SG One"]
    # first paragraphs: security (turn 3), none (turn 6), health (turn 9)
    assert first["n_adopted"] == 2 and first["shift_rate"] == 0.0
    assert r["note"].str.contains("within-interview", case=False).all()
    assert "confound" in NOTE


def test_first_paragraph_frames():
    p = qa_pairs(interview())
    assert p.iloc[0]["a_first_frames"] == "security"       # "economy" is in paragraph 2
    assert p.iloc[0]["a_frames"] == "security | economy"


def made_up_interviews(take_up: bool, seed: int, n_docs=4, per_doc=8, n_frames=6):
    """Pairs of made-up interviews: every question raises one frame; the answer raises its
    question's frame (take_up) or a frame drawn without regard to the question, plus one
    more drawn at random."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    frames = [f"f{k}" for k in range(n_frames)]
    rows = []
    for d in range(n_docs):
        for t in range(per_doc):
            q = rng.integers(n_frames)
            first = q if take_up else rng.integers(n_frames)
            other = rng.integers(n_frames)
            a = sorted({first, other})
            rows.append({"doc_id": f"doc{d}", "speaker": "SG" if d % 2 else "SH",
                         "q_frames": frames[q],
                         "a_frames": " | ".join(frames[k] for k in a),
                         "a_first_frames": frames[first]})
    return pd.DataFrame(rows), frames


def test_null_finds_answers_that_take_up_their_questions():
    pairs, frames = made_up_interviews(True, seed=3)
    rows, lift_null = transition_null(pairs, frames, n_draws=2000, seed=5)
    allr = [r for r in rows if r["group"] == "all"][0]
    assert allr["adoption_rate"] == 1.0
    assert allr["adoption_null_mean"] < 0.5 and allr["adoption_null_high"] < 1.0
    assert allr["adoption_p"] == pytest.approx(1 / 2001)
    assert lift_null.shape == (2000, len(frames))


def test_null_does_not_find_what_is_not_there():
    pairs, frames = made_up_interviews(False, seed=3)
    allr = [r for r in transition_null(pairs, frames, n_draws=2000, seed=5)[0]
            if r["group"] == "all"][0]
    assert allr["adoption_p"] > 0.2
    assert allr["adoption_null_low"] <= allr["adoption_rate"] <= allr["adoption_null_high"]
    # calibration: over 40 made-up corpora without take-up, p < 0.05 about 5% of the time
    ps = [[r for r in transition_null(made_up_interviews(False, seed=s)[0], frames,
                                      n_draws=200, seed=s)[0] if r["group"] == "all"][0]
          ["adoption_p"] for s in range(40)]
    assert np.mean(np.array(ps) < 0.05) <= 0.15
    assert 0.3 < np.mean(ps) < 0.7


def test_null_keeps_the_observed_pairing_among_its_draws():
    # one interview of two pairs, each answer takes up its question: the only other
    # pairing (the swap) adopts nothing, so the null is 1 or 0 with probability 1/2 each
    # and p is about 1/2 (a derangement null would never reach 1 and give p = 1/(1 + n))
    import pandas as pd

    pairs = pd.DataFrame({"doc_id": ["d", "d"], "speaker": ["S", "S"],
                          "q_frames": ["a", "b"], "a_frames": ["a", "b"],
                          "a_first_frames": ["a", "b"]})
    allr = [r for r in transition_null(pairs, ["a", "b"], n_draws=4000, seed=2)[0]
            if r["group"] == "all"][0]
    assert allr["adoption_null_mean"] == pytest.approx(0.5, abs=0.03)
    assert allr["adoption_p"] == pytest.approx(0.5, abs=0.03)


def test_adoption_lift_by_hand_and_against_the_null():
    pairs, frames = made_up_interviews(True, seed=3)
    lift = adoption_lift(pairs, frames, n_boot=300, n_draws=500, seed=1, two_stage=True)
    r = lift[(lift["scope"] == "answer") & (lift["frame"] == "f0")].iloc[0]
    q = pairs["q_frames"].eq("f0")
    a = pairs["a_frames"].str.contains("f0")
    assert r["n_q"] == q.sum() and r["n_a_given_q"] == (q & a).sum()
    assert r["p_a_given_q"] == pytest.approx(1.0)
    assert r["p_a_given_not_q"] == pytest.approx((a & ~q).sum() / (~q).sum())
    assert r["lift"] == pytest.approx(r["p_a_given_q"] / r["p_a_given_not_q"])
    assert r["ci_low"] <= r["lift"] <= r["ci_high"]
    assert r["lift"] > r["null_high"] and r["p"] < 0.01
    defined = lift[lift["scope"] == "answer"]["p"].notna()
    assert (lift[lift["scope"] == "answer"]["family_size"] == defined.sum()).all()


def test_transition_tables_share_the_null_draws():
    pairs, frames = made_up_interviews(True, seed=4)
    rates, lift = transition_tables(pairs, frames, n_draws=300, n_boot=100, seed=7)
    again = adoption_rates(pairs, frames, n_draws=300, seed=7)
    import pandas as pd

    pd.testing.assert_frame_equal(rates, again)
    alone = adoption_lift(pairs, frames, n_boot=100, n_draws=300, seed=7)
    pd.testing.assert_frame_equal(lift, alone)


def test_turn_with_two_roles_is_an_error():
    fs = interview()
    fs.loc[fs["segment_id"] == "doc1_s03", "role"] = "question"
    with pytest.raises(ValueError, match="turn 3 of document doc1"):
        qa_pairs(fs)


def test_within_group_permutations_are_uniform_permutations_of_each_group():
    from scotext.inference.permutation import within_group_permutations

    groups = np.array(["b"] * 3 + ["a"] * 4 + ["c"])
    blocks = list(within_group_permutations(groups, 6000, 3, max_cells=8000))
    assert len(blocks) == 6 and blocks[-1][1] == 6000
    P = np.vstack([b[2] for b in blocks])
    for lab in "abc":
        idx = np.flatnonzero(groups == lab)
        assert (np.sort(P[:, idx], axis=1) == idx).all()      # a permutation of the group
    assert (P[:, 7] == 7).all()                               # a group of one stays put
    # every partner equally likely (1/4 in a, 1/3 in b), the own partner included
    freq = (P[:, 3:7, None] == np.arange(3, 7)).mean(axis=0)
    assert freq == pytest.approx(np.full((4, 4), 0.25), abs=0.03)
    assert (P[:, 0] == 0).mean() == pytest.approx(1 / 3, abs=0.03)
    again = np.vstack([b[2] for b in within_group_permutations(groups, 6000, 3,
                                                                max_cells=8000)])
    assert np.array_equal(P, again)


def test_large_corpora_draw_fewer_re_pairings_and_say_so():
    pairs, frames = made_up_interviews(True, seed=3)               # 32 pairs
    rows, lift_null = transition_null(pairs, frames, n_draws=5000, seed=1, max_draws=320 * 32)
    assert {r["n_null_draws"] for r in rows} == {320} and lift_null.shape[0] == 320
    assert rows[-1]["adoption_p"] == pytest.approx(1 / 321)


def test_bit_masks_hold_codebooks_of_more_than_63_frames():
    # 70 frames: two 63-bit words per frame set; the null equals a direct count with the
    # same permutations
    from scotext.inference.permutation import within_group_permutations

    pairs, frames = made_up_interviews(True, seed=8, n_frames=70)
    rows, lift = transition_null(pairs, frames, n_draws=50, seed=2, max_cells=4000)
    Q = np.array([[f in s.split(" | ") for f in frames] for s in pairs["q_frames"]], float)
    A = np.array([[f in s.split(" | ") for f in frames] for s in pairs["a_frames"]], float)
    perm = np.vstack([P for *_, P in within_group_permutations(
        pairs["doc_id"].to_numpy(), 50, 2, max_cells=2000)])
    qa = (Q[perm] * A[None]).sum(axis=1)
    n, nQ, nA = len(pairs), Q.sum(axis=0), A.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = (qa / nQ) / ((nA - qa) / (n - nQ))
    np.testing.assert_allclose(lift, expected)
    adopt = (Q[perm] * A[None]).sum(axis=(1, 2)) / Q.sum()
    allr = [r for r in rows if r["group"] == "all"][0]
    assert allr["adoption_null_mean"] == pytest.approx(adopt.mean())
