"""Question -> answer frame transitions on a hand-made interview."""

import numpy as np
import pandas as pd
import pytest

from scotext.framing.transitions import (NOTE, adoption_rates, qa_pairs, transition_counts,
                                         turn_frames)

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
    r = adoption_rates(qa_pairs(interview())).set_index("group")
    one = r.loc["SG One"]
    # question frames: 1 + 2 + 1 = 4, adopted: security, health -> 2/4
    assert one["n_pairs"] == 3 and one["n_question_frames"] == 4 and one["n_adopted"] == 2
    assert one["adoption_rate"] == pytest.approx(0.5)
    # answers introducing a frame: pair 1 (economy) -> 1/3
    assert one["shift_rate"] == pytest.approx(1 / 3)
    two = r.loc["SG Two"]
    assert np.isnan(two["adoption_rate"]) and two["shift_rate"] == 1.0
    assert two["n_questions_without_frame"] == 1
    assert r.loc["all", "n_pairs"] == 4
    assert (r["note"] == NOTE).all() and "within-interview" in NOTE.lower()
    assert "confound" in NOTE


def test_turn_with_two_roles_is_an_error():
    fs = interview()
    fs.loc[fs["segment_id"] == "doc1_s03", "role"] = "question"
    with pytest.raises(ValueError, match="turn 3 of document doc1"):
        qa_pairs(fs)
