"""Near-duplicate detection across documents: flag the copy, keep the fuller source."""

from scotext.corpus.dedup import SegmentRef, find_duplicates, shingles

A = "the sco demonstrates an example of close fruitful cooperation aimed at building a more".split()
B = "equitable and balanced world order based on equal joint indivisible security".split()
C = "completely different words about tourism and youth policy in the sco space today".split()


def rank(order):
    return {d: (i,) for i, d in enumerate(order)}.__getitem__


def test_shingles():
    assert shingles(["a", "b", "c", "d"], 3) == {"a b c", "b c d"}
    assert shingles(["a"], 3) == {"a"}


def test_copy_in_shorter_document_points_to_fuller():
    segs = [SegmentRef("full", "full_s1", tuple(A + B)), SegmentRef("full", "full_s2", tuple(C)),
            SegmentRef("short", "short_s1", tuple(A)), SegmentRef("short", "short_s2",
                                                                  tuple(B[::-1]))]
    rows = find_duplicates(segs, rank(["full", "short"]), k=3, threshold=0.5)
    assert [(r["segment_id"], r["duplicate_of"]) for r in rows] == [("short_s1", "full_s1")]
    assert rows[0]["containment"] == 1.0


def test_same_document_never_flagged():
    segs = [SegmentRef("d", "d_s1", tuple(A)), SegmentRef("d", "d_s2", tuple(A))]
    assert find_duplicates(segs, rank(["d"]), k=3) == []


def test_threshold_and_short_segments():
    half = A[:7] + C[:7]
    segs = [SegmentRef("full", "f1", tuple(A)), SegmentRef("short", "s1", tuple(half)),
            SegmentRef("short", "s2", ("the", "sco", "demonstrates"))]
    assert find_duplicates(segs, rank(["full", "short"]), k=3, threshold=0.9) == []
    rows = find_duplicates(segs, rank(["full", "short"]), k=3, threshold=0.4)
    assert [r["segment_id"] for r in rows] == ["s1"]   # s2 has too few shingles


def test_three_versions_point_to_canonical():
    segs = [SegmentRef("a", "a1", tuple(A + B)), SegmentRef("b", "b1", tuple(A + B[:5])),
            SegmentRef("c", "c1", tuple(A))]
    rows = find_duplicates(segs, rank(["a", "b", "c"]), k=3, threshold=0.5)
    assert {r["segment_id"]: r["duplicate_of"] for r in rows} == {"b1": "a1", "c1": "a1"}


def test_stock_phrase_between_unrelated_documents_not_flagged():
    other = [tuple(f"w{d}{i} x{d}{i} y{d}{i} z{d}{i} v{d}{i} u{d}{i} t{d}{i}".split()) for d in "ab"
             for i in range(9)]
    segs = ([SegmentRef("a", "a1", tuple(A))] + [SegmentRef("a", f"a{i + 2}", t)
                                                  for i, t in enumerate(other[:9])]
            + [SegmentRef("b", "b1", tuple(A))] + [SegmentRef("b", f"b{i + 2}", t)
                                                    for i, t in enumerate(other[9:])])
    rejected = []
    assert find_duplicates(segs, rank(["a", "b"]), k=3, threshold=0.5, min_doc_share=0.3,
                           rejected=rejected) == []
    assert [(r["segment_id"], r["partner"]) for r in rejected] == [("b1", "a1")]
    assert rejected[0]["doc_share"] == 0.1
    flagged = find_duplicates(segs, rank(["a", "b"]), k=3, threshold=0.5, min_doc_share=0.05)
    assert [r["segment_id"] for r in flagged] == ["b1"]


def test_max_shingle_df_stock_phrase_alone_is_no_evidence():
    # three unrelated documents whose only common words are one stock phrase
    stock = "shanghai cooperation organization member state".split()
    segs = [SegmentRef(d, f"{d}_s1", tuple(stock + [f"{d}1", f"{d}2"])) for d in "abc"]
    order = rank(["a", "b", "c"])
    # all pairs: 3 of 5 shingles in common
    assert len(find_duplicates(segs, order, k=3, threshold=0.5, max_shingle_df=None)) == 2
    # the stock shingles occur in 3 segments > max_shingle_df: no candidate pairs
    assert find_duplicates(segs, order, k=3, threshold=0.5, max_shingle_df=2) == []
    # a real copy sharing rare shingles is found, containment over all shingles (stock too)
    segs.append(SegmentRef("d", "d_s1", tuple(stock + ["a1", "a2"])))
    rows = find_duplicates(segs, rank(["a", "b", "c", "d"]), k=3, threshold=0.5,
                           max_shingle_df=2)
    assert [(r["segment_id"], r["duplicate_of"], r["containment"], r["shared_shingles"])
            for r in rows] == [("d_s1", "a_s1", 1.0, 5)]
