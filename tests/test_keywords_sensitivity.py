"""The sensitivity grid: tokenizer variants, the canonical-version swap, sampling, chance
overlap, and the whole grid on a corpus whose answers are known."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scotext.corpus.tokens import Tokenizer
from scotext.keywords.keyness import keyness_table, top_terms
from scotext.keywords.periods import Contrast
from scotext.keywords.sensitivity import (WordTokenizer, chance_overlap, check_variants,
                                          count_matrix, describe, sample_documents,
                                          sensitivity, swap_canonical, variant_tokenizer)

BASE = Tokenizer(stopwords=frozenset({"the", "of", "and", "in", "a"}),
                 multiword=["shanghai spirit"])


def test_word_tokenizer_keeps_inflected_forms_and_multiword():
    text = "The countries of the Shanghai Spirit agreed in meetings."
    assert BASE.tokens(text) == ["country", "shanghai_spirit", "agree", "meeting"]
    plain = variant_tokenizer(BASE, lemmas=False)
    assert isinstance(plain, WordTokenizer)
    assert plain.tokens(text) == ["countries", "shanghai_spirit", "agreed", "meetings"]
    assert variant_tokenizer(BASE, multiword=False).tokens(text) == \
        ["country", "shanghai", "spirit", "agree", "meeting"]
    assert variant_tokenizer(BASE, stopwords=frozenset()).tokens("the Spirit of Shanghai") == \
        ["the", "spirit", "of", "shanghai"]
    assert BASE.tokens(text) == ["country", "shanghai_spirit", "agree", "meeting"]   # unchanged


def test_swap_canonical():
    seg = pd.DataFrame({"segment_id": ["a1", "a2", "b1", "b2", "c1"],
                        "doc_id": ["a", "a", "b", "b", "c"],
                        "is_duplicate": [False, False, True, False, True],
                        "duplicate_of": ["", "", "a1", "", "a1"]})
    # a1 had two copies (b1, c1): b1, the first, is kept and a1 and c1 flagged
    assert swap_canonical(seg).tolist() == [True, False, False, False, True]
    assert swap_canonical(seg, True).tolist() == swap_canonical(seg, "segments").tolist()
    # whole documents: b and c (which hold copies) are kept whole, a (copied) is left out
    assert swap_canonical(seg, "documents").tolist() == [True, True, False, False, False]
    with pytest.raises(ValueError):
        swap_canonical(seg, "paragraphs")
    seg2 = seg.assign(is_duplicate=[False, False, True, False, False],
                      duplicate_of=["", "", "zz", "", ""])   # partner not in the table
    assert swap_canonical(seg2).tolist() == [False, False, True, False, False]


def test_sample_documents():
    ids = [f"d{i:03d}" for i in range(100)]
    periods = ["2019"] * 90 + ["2020"] * 9 + ["2025"]
    assert sample_documents(ids, periods, 0, 1) == ids
    assert sample_documents(ids, periods, 100, 1) == ids
    s = sample_documents(ids, periods, 20, 7)
    assert s == sorted(s) and s == sample_documents(ids, periods, 20, 7)
    by = pd.Series(periods, index=ids)[s].value_counts()
    assert by["2019"] == 18 and by["2020"] == 2 and by["2025"] == 1   # every period kept
    assert s != sample_documents(ids, periods, 20, 8)


def test_chance_overlap_is_hypergeometric():
    mean, high = chance_overlap(100, 15, 15)
    assert mean == pytest.approx(2.25)
    assert high == stats.hypergeom.ppf(0.975, 100, 15, 15)
    # simulation of random draws agrees with the mean
    rng = np.random.default_rng(0)
    sims = [len(set(rng.choice(100, 15, replace=False)) & set(range(15))) for _ in range(4000)]
    assert np.mean(sims) == pytest.approx(2.25, abs=0.1)


def test_count_matrix():
    m, vocab = count_matrix([["b", "a", "b"], [], ["c"]])
    assert vocab == ["a", "b", "c"]
    assert m.toarray().tolist() == [[1, 2, 0], [0, 0, 0], [0, 0, 1]]


def test_variant_checks_and_description():
    with pytest.raises(ValueError, match="used twice"):
        check_variants([{"name": "x", "alpha0": 1}, {"name": "x", "alpha0": 2}])
    with pytest.raises(ValueError, match="unknown key"):
        check_variants([{"name": "x", "lemma": False}])
    assert describe({"name": "x", "lemmas": False, "min_count": 10}) == \
        "plain lower-cased words (no lemmas); min_count = 10"


WORDS_A = ["security", "terrorism", "border", "drug", "cooperation", "summit", "member"]
WORDS_B = ["pandemic", "vaccine", "health", "digital", "trade", "summit", "member"]


def corpus(seed=0):
    """Two periods, three documents each, six answer paragraphs per document; 2019 uses the
    A words more, 2020 the B words. Document x_2019_0 has an abridged copy (doc y_2019) whose
    paragraphs say "nations" twelve times each: flagged duplicates. Every 2019
    paragraph says "Shanghai Spirit" twice (a multi-word token), every 2020 paragraph
    "countries" three times (lemma "country")."""
    rng = np.random.default_rng(seed)
    rows = []
    for year, words, other in (("2019", WORDS_A, WORDS_B), ("2020", WORDS_B, WORDS_A)):
        for d in range(3):
            for s in range(6):
                toks = list(rng.choice(words, 12)) + list(rng.choice(other, 2))
                extra = (" The Shanghai Spirit, the Shanghai Spirit." if year == "2019"
                         else " Countries, countries, countries.")
                rows.append({"doc_id": f"x_{year}_{d}", "segment_id": f"x_{year}_{d}_s{s + 1:03d}",
                             "role": "answer", "speaker": "Norov" if year == "2019" else "Zhang",
                             "year": int(year), "text": "The " + " and ".join(toks) + "." + extra,
                             "is_duplicate": False, "duplicate_of": ""})
    for s in range(6):
        rows.append({"doc_id": "y_2019", "segment_id": f"y_2019_s{s + 1:03d}", "role": "answer",
                     "speaker": "Norov", "year": 2019,
                     "text": "The nations, nations and nations of the summit." * 4,
                     "is_duplicate": True, "duplicate_of": f"x_2019_0_s{s + 1:03d}"})
    seg = pd.DataFrame(rows)
    seg["tokens"] = [" ".join(BASE.tokens(t)) for t in seg["text"]]
    return seg


def run(seg, variants, **kw):
    con = [Contrast("2019_vs_2020", ("2019",), ("2020",), "2019", "2020")]
    stop = {"project": BASE.stopwords, "sklearn": BASE.stopwords | {"member"},
            "none": frozenset()}
    opts = dict(base_tokenizer=BASE, stop_lists=stop, roles=["answer"],
                include_duplicates=False, period_map={}, alpha0=100, min_count=3,
                min_segments=2, top_n=4)
    opts.update(kw)
    return sensitivity(seg, con, variants, **opts)


def test_the_main_analysis_is_the_keyness_table():
    seg = corpus()
    keys, _ = run(seg, [{"name": "same", "min_count": 3}])
    from scotext.stagedata import select_units

    mask = select_units(seg, ["answer"])
    counts, vocab = count_matrix([t.split() for t in seg["tokens"][mask]])
    k = keyness_table(counts, vocab, seg["year"][mask].astype(str).to_numpy(dtype=object),
                      seg["doc_id"][mask].to_numpy(dtype=object),
                      [Contrast("2019_vs_2020", ("2019",), ("2020",), "2019", "2020")],
                      alpha0=100, min_count=3, min_segments=2)
    top = top_terms(k, "2019_vs_2020", 4)
    for side in ("2019", "2020"):
        row = keys[keys["side"] == side].iloc[0]
        main = top.loc[top["favours"] == side].sort_values("rank")["term"].tolist()
        assert row["top_main"].split() == main == row["top_variant"].split()
        assert row["left"] == row["entered"] == "" and row["overlap"] == len(main) == 4
        assert row["spearman_z"] == pytest.approx(1.0)


def test_variants_move_the_terms_they_should():
    seg = corpus()
    keys, _ = run(seg, [{"name": "no_member", "standard_stopwords": "sklearn"},
                        {"name": "plain", "lemmas": False},
                        {"name": "no_mwe", "multiword": False},
                        {"name": "swap", "swap_duplicates": True},
                        {"name": "whole", "swap_duplicates": "documents"},
                        {"name": "strict", "min_count": 1000}])
    k = keys.set_index(["variant", "side"])
    main19 = k.loc[("no_member", "2019"), "top_main"].split()
    main20 = k.loc[("no_member", "2020"), "top_main"].split()
    assert main19[0] == "shanghai_spirit" and main20[0] == "country"
    # removing a stop word that is not among the top terms changes nothing on the top
    assert k.loc[("no_member", "2019"), "overlap"] == 4
    assert k.loc[("no_member", "2020"), "overlap"] == 4
    # without lemmas "countries" stays "countries": country leaves the 2020 top, countries
    # enters; 2019's terms have no inflection and do not move
    plain20 = k.loc[("plain", "2020")]
    assert plain20["left"].split() == ["country"] and plain20["entered"].split() == ["countries"]
    assert k.loc[("plain", "2019"), "overlap"] == 4
    mwe = k.loc[("no_mwe", "2019")]
    # without multi-word expressions shanghai_spirit is two words, both among the top four
    # (pushing out the fourth term)
    assert mwe["left"].split()[0] == "shanghai_spirit" and len(mwe["left"].split()) == 2
    assert sorted(mwe["entered"].split()) == ["shanghai", "spirit"]
    # the kept copies (swap) say "nations" 72 times: "nation" enters the 2019 top terms
    # (and x_2019_0's own paragraphs leave the analysis, which reorders the rest)
    swap = k.loc[("swap", "2019")]
    assert swap["entered"].split()[0] == "nation" and swap["overlap"] < 4
    # the copy kept whole (it has no paragraphs of its own): the same text here
    assert (k.loc[("whole", "2019"), "top_variant"] == swap["top_variant"])
    # nothing passes min_count 1000: the variant has no ranked terms, overlap 0, chance 0
    assert k.loc[("strict", "2019"), "overlap"] == 0 and k.loc[("strict", "2019"), "n_variant"] == 0
    assert k.loc[("strict", "2019"), "chance_overlap"] == 0
    assert (keys["chance_overlap"] <= keys["n_main"]).all()
    assert (keys["pool"] >= keys["n_main"]).all()


def test_frame_signs_under_the_text_variants():
    from scotext.framing.codebook import parse_codebook
    from scotext.framing.match import compile_codebook

    text = dict(label="x", pfc_dimensions=["Other"], definition="x", coder_include="x",
                coder_exclude="x")
    book = parse_codebook({"version": "1", "changelog": [{"version": "1", "date": "2025",
                                                          "changes": "x"}],
                           "frames": [{"id": "security", "patterns": ["security", "terrorism"],
                                       **text},
                                      {"id": "health", "patterns": ["pandemic", "vaccine"],
                                       **text}]})
    seg = corpus()
    keys, frames = run(seg, [{"name": "swap", "swap_duplicates": True},
                             {"name": "roles", "frame_roles": ["answer", "question"]},
                             {"name": "kw_only", "alpha0": 10}],
                       frame_roles=["answer"], compiled_codebook=compile_codebook(book, BASE))
    assert set(frames["variant"]) == {"swap", "roles"}        # alpha0 changes no text
    assert set(keys["variant"]) == {"swap", "kw_only"}        # frame roles change no keyword
    main = frames[frames["variant"] == "roles"].set_index("frame")
    # Norov (2019) speaks of security, Zhang (2020) of health: Norov - Zhang > 0 / < 0
    assert (main.loc["security", "speaker_a"], main.loc["security", "speaker_b"]) == ("Norov", "Zhang")
    assert main.loc["security", "difference_main"] > 0 > main.loc["health", "difference_main"]
    assert frames["same_sign"].all()
    sw = frames[frames["variant"] == "swap"].set_index("frame")
    # the kept copy of x_2019_0 has no security word: Norov's security share falls
    assert sw.loc["security", "share_a"] < sw.loc["security", "share_a_main"]
    assert sw.loc["security", "n_segments_a"] == main.loc["security", "n_segments_a"]


def test_pair_caveat_names_what_else_differs_from_the_sheet():
    """Panel b's caveat: the speakers' documents differ in year and one side is a single
    document; the words counted are those of the analysed roles, duplicates left out."""
    from scotext.keywords.sensitivity import pair_caveats

    docs = pd.DataFrame({"doc_id": ["a1", "a2", "b1"], "speaker": ["A", "A", "B"],
                         "year": [2019, 2019, 2025], "genre": ["interview"] * 3,
                         "outlet": ["X"] * 3, "machine_translated": [False] * 3})
    seg = pd.DataFrame({"doc_id": ["a1", "a1", "a2", "b1", "b1"],
                        "speaker": ["A", "A", "A", "B", "B"],
                        "role": ["answer", "question", "answer", "answer", "answer"],
                        "n_tokens": [10, 99, 20, 5, 7],
                        "is_duplicate": [False, False, False, False, True]})
    frames = pd.DataFrame({"speaker_a": ["A", "A"], "speaker_b": ["B", "B"]})
    out = pair_caveats(seg, docs, frames, roles=["answer"], include_duplicates=False)
    assert list(out) == [("A", "B")]
    text = out[("A", "B")]
    assert "year (A: 2019; B: 2025)" in text and "speaker (" not in text   # the comparison itself
    assert "A: 2 documents, 30 tokens" in text and "B: 1 document, 5 tokens" in text
    assert text.endswith("B is a single document: the comparison describes these documents only.")
    assert pair_caveats(seg, docs, frames.iloc[:0], roles=["answer"],
                        include_duplicates=False) == {}
