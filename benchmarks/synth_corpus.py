"""Synthetic interview corpus with known topics, for benchmarking the workflow at scale.

    python benchmarks/synth_corpus.py OUTDIR --n-docs N --seed S

writes

* ``OUTDIR/raw/<doc_id>.txt`` - one interview per file (UTF-8, LF line ends);
* ``OUTDIR/raw/metadata.csv`` - the document sheet in the format the workflow validates
  (``workflow/schemas/metadata.schema.yaml``; columns as ``tests/workflow_helpers.COLUMNS``;
  ``sha256`` is the SHA-256 of the file's bytes);
* ``OUTDIR/truth.npz`` - the generating model: ``beta`` (K x V topic-word matrix over
  ``terms``), ``k_true``, ``theta`` (documents x K, the mixture each document was drawn
  from), ``alpha`` (documents x K Dirichlet parameters), per-document ``year``,
  ``speaker``, ``dup_of`` (index of the document a near-duplicate abridges, -1 otherwise),
  ``n_tokens`` (analysis tokens the tokenizer must find in the document) and ``n_answer_tokens``;
* ``OUTDIR/truth_terms.txt`` - the terms (analysis-token form), one per line, in the
  column order of ``beta``;
* ``OUTDIR/truth.json`` - a readable summary (topic names and top terms, counts, seed).

Generative model
----------------
Vocabulary: about 3,000 content words that the project's tokenizer keeps as themselves
(``tokenizer.tokens(w) == [w]``: not a stopword, its own lemma, not a spelling variant,
not split by the glued-word repair): the domain terms of the project's lexicons (tracked
keywords of ``config/config.yaml``, single-word patterns and multi-word expressions of
``data/lexicons/frames.yaml``; a multi-word expression such as "mutual trust" is written as
words and becomes one token ``mutual_trust``), then general English words from symspellpy's
shipped frequency dictionary, by frequency rank (only words simplemma knows inflections
of, i.e. real lemmas, with a small blocklist of web and adult vocabulary).

Topics: K_true = 8 by default (``--k``), one per tracked-keyword group of the config
(security, economy, digital, health, world order, expansion, Afghanistan/memory, Shanghai
spirit/culture); with fewer topics group t's domain terms go to topic t mod K, with more the
extra topics have general words only (the default output does not change with the option).
``--shuffle-seed`` writes the null twin (:class:`ShuffledTokens`).
Topic k puts ``1 - background`` of its mass on its own block: its domain terms (boosted)
and a random share of the general words, with Gamma(0.5) weights (sparse-ish); the rest
on a shared background (general words of no topic, weights ~ frequency^0.5).

Documents: theta ~ Dirichlet(alpha), alpha = ``alpha_total`` * softmax(year shift +
speaker shift) (e.g. the health topic is up in 2020, expansion in 2025), so year and
speaker comparisons have signal. Every content token draws a topic from theta, then a
word from that topic. Tokens are interleaved with function-word phrases that are all
stopwords (so they produce no analysis token) into capitalised sentences with full stops.
A document is a title line and 1-3 question/answer turns (answers of 3-6 paragraphs) in
one of three layouts the segmenter recognises (QUESTION/ANSWER marker lines, dash-led
turns, "Question:"/"<Surname>:" labels). About 1% of documents are abridged near-duplicates
of an earlier one (same event_id, same questions, a subset of its answer paragraphs).

Generation is streaming (one document in memory; near-duplicate sources are kept until
their copy is written, at most ``DUP_WINDOW`` documents back) and deterministic given the
seed (numpy ``default_rng``; no set iteration or hash order anywhere).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import importlib.resources
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["doc_id", "file", "sha256", "original_file", "date", "year", "speaker",
           "interviewer", "outlet", "genre", "machine_translated", "language_note", "event_id"]

K_TRUE = 8
N_WORDS = 3000
DUP_WINDOW = 40

# topic name, tracked-keyword groups (config keywords.tracked), frame ids (frames.yaml)
TOPICS = [
    ("security", ["terrorism_extremism_separatism"], ["security"]),
    ("economy", ["trade_investment_economy"], ["economy"]),
    ("digital", ["digital"], []),
    ("health", ["pandemic_covid"], ["health"]),
    ("world_order", ["multipolar_world_order"], ["world_order", "sovereignty", "non_bloc"]),
    ("expansion", ["expansion_membership_partners"], ["expansion", "partnerships"]),
    ("afghanistan_memory", ["afghanistan"], ["memory"]),
    ("shanghai_spirit_culture", ["shanghai_spirit"], ["shanghai_spirit", "culture"]),
]

# speaker, years, surname label, weight of the year in the corpus
SPEAKERS = {
    "Vladimir Norov": "Norov",
    "Zhang Ming": "Zhang Ming",
    "Nurlan Ermekbaev": "Ermekbaev",
}
YEARS = {2019: ("Vladimir Norov", 0.30), 2020: ("Vladimir Norov", 0.30),
         2021: ("Vladimir Norov", 0.08), 2023: ("Zhang Ming", 0.07),
         2025: ("Nurlan Ermekbaev", 0.25)}
# designed shifts of the topic mixture (log scale) on top of random ones
DESIGNED_YEAR_SHIFT = {2020: {"health": 1.2, "digital": 0.5}, 2021: {"health": 0.6},
                       2025: {"expansion": 0.9, "world_order": 0.4},
                       2019: {"security": 0.4}}
DESIGNED_SPEAKER_SHIFT = {"Vladimir Norov": {"afghanistan_memory": 0.5},
                          "Nurlan Ermekbaev": {"economy": 0.4, "shanghai_spirit_culture": 0.3},
                          "Zhang Ming": {"digital": 0.4}}

# outlet, interviewer ("" = the outlet's correspondent), genre weight (interview, press)
OUTLETS = [
    ("TASS", "TASS correspondent"),
    ("RIA Novosti", "RIA Novosti correspondent"),
    ("Xinhua", "Xinhua correspondent"),
    ("CGTN", "Liu Xin"),
    ("Global Times", "Global Times reporter"),
    ("InfoSHOS", "InfoSHOS editor"),
    ("Kazinform", "Kazinform correspondent"),
    ("UzA", "UzA correspondent"),
    ("Kabar", "Kabar correspondent"),
    ("Dawn", "Dawn correspondent"),
    ("The Hindu", "The Hindu correspondent"),
    ("Center for Global & Strategic Studies (CGSS), Islamabad", "Khalid Taimur Akram"),
]
PRESS = ("SCO Secretariat", "SCO Press Club journalists")

# Function-word phrases: every word must be a stopword (checked at start-up; phrases that
# would give a token, or that could complete a multi-word expression, are dropped).
OPENERS = {  # sentence starts (weights)
    "the": 10, "our": 4, "in the": 4, "for the": 3, "with the": 2, "all of the": 1,
    "moreover, the": 2, "however, the": 2, "therefore, our": 1, "at the same time, the": 1,
    "we will": 3, "we have": 2, "it is": 2, "there is": 2, "this": 2, "these": 1,
    "through the": 1, "among the": 1, "since then, the": 1, "indeed, the": 1,
    "above all, the": 1, "nevertheless, the": 1, "thus, the": 1, "each": 1,
}
GLUE = {  # between two content words (weights)
    "of the": 8, "and the": 4, "in the": 5, "for the": 4, "with the": 3, "to the": 3,
    "of our": 3, "and our": 3, "on the": 4, "by the": 2, "from the": 2, "through the": 2,
    "between the": 2, "among the": 1, "within the": 2, "across the": 1, "is": 5, "are": 4,
    "will be": 3, "has been": 2, "have become": 1, "as well as": 2, "such as": 2,
    "which": 2, "that": 3, "into the": 1, "towards": 1, "under the": 1, "over the": 1,
    "about": 1, "during the": 1, "against": 1, "without": 1, "together with": 1,
    "beyond": 1, "in": 8, "for": 6, "with": 5, "on": 4, "by": 3, "from": 3, "and": 10,
    "of": 10, "to": 4, "or": 2, "is the": 2, "are the": 2, "will": 2, "can": 2,
    "should be": 1, "must be": 1, "could be": 1, "for all": 1, "and their": 1,
    "of their": 1, "at": 2, "is not": 1, "not only": 1, "but also": 1, "more": 1,
}
QUESTION_OPENERS = {
    "how do you see the": 3, "what is the": 3, "what are the": 3, "how will the": 2,
    "could you tell us about the": 0, "what about the": 2, "why is the": 1,
    "where do you see the": 1, "how can the": 2, "which of the": 1, "how do you": 2,
    "what do you": 1, "how has the": 1, "is there": 1, "will the": 1, "should the": 1,
    "what can be done for the": 1, "how much": 1, "when will the": 1,
}
QUESTION_PREAMBLES = ["", "", "", "Mr {surname}, ", "Mr {surname}, ", "Let us move on. ",
                      "Thank you. ", "One more question. "]

BLOCKLIST = frozenset("""
dell billy jesus christ bible
sex sexy porn porno pornography nude nudist nudity naked lingerie bikini naughty erotic
erotica fetish escort escorts dating xxx adult adults gay lesbian boob boobs tit tits
penis vagina ass asshole dick cock pussy fuck shit bitch slut whore horny hardcore
orgasm masturbation anal oral swinger playmate twat redneck poop stripper milf hentai
viagra cialis thong panty panties booty busty babe hottie sperm condom bondage blowjob
cum dildo gangbang pantyhose spank tranny shemale transsexual voyeur upskirt webcam
camgirl strip stripping cunt slave damn piss crap bastard nigger faggot retard
kinky sucker butt beaver wank jerk pee bra lesbians gays fag hooker prostitute
prostitution mistress rape rapist pedophile incest bestiality
""".split())


# --------------------------------------------------------------------------- vocabulary


def load_config(repo: Path = ROOT) -> dict:
    import yaml

    with open(repo / "config" / "config.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def make_tokenizer(repo: Path = ROOT, config: dict | None = None):
    """The corpus Tokenizer exactly as workflow/scripts/corpus_tokenise.py builds it."""
    if str(repo / "src") not in sys.path:
        sys.path.insert(0, str(repo / "src"))
    from scotext.corpus.tokenizer_config import tokenizer_from_files

    import inspect

    cfg = config or load_config(repo)
    tk = cfg["tokens"]
    extra = {}
    accepted = inspect.signature(tokenizer_from_files).parameters
    if "project_stopwords" in accepted and tk.get("project_stopwords"):
        extra["project_stopwords"] = repo / tk["project_stopwords"]
    if "fold_diacritics" in accepted and "fold_diacritics" in tk:
        extra["fold_diacritics"] = tk["fold_diacritics"]
    return tokenizer_from_files(
        spelling_variants=repo / cfg["cleaning"]["spelling_variants"],
        spelling_direction=cfg["cleaning"]["spelling_direction"],
        domain_stopwords=repo / tk["domain_stopwords"],
        standard_stopwords=tk["standard_stopwords"],
        multiword=repo / tk["multiword"],
        lemma_overrides=repo / tk["lemma_overrides"],
        min_chars=tk["min_chars"],
        keep_numbers=tk["keep_numbers"], **extra)


def make_glue_splitter(repo: Path = ROOT, config: dict | None = None):
    if str(repo / "src") not in sys.path:
        sys.path.insert(0, str(repo / "src"))
    from scotext.corpus.glue import GlueSplitter, load_word_list

    cfg = config or load_config(repo)
    return GlueSplitter(load_word_list(repo / cfg["cleaning"]["glue_prefixes"]),
                        margin=cfg["cleaning"]["glue_margin"])


def symspell_frequencies() -> list[tuple[str, int]]:
    """symspellpy's shipped English frequency dictionary, in its (frequency) order."""
    path = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            out.append((parts[0], int(parts[1])))
    return out


def _simplemma_lemmas() -> set[str]:
    """Lower-case English lemmas that simplemma knows at least one other form of."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    lemmas = set()
    for form, lemma in DefaultDictionaryFactory().get_dictionary("en").items():
        if form != lemma and form.islower():
            lemmas.add(lemma)
    return lemmas


def _spelling_words(repo: Path, cfg: dict) -> set[str]:
    words = set()
    with open(repo / cfg["cleaning"]["spelling_variants"], encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            words.update(w.strip().lower() for w in line.split("\t") if w.strip())
    return words


@dataclass
class Vocabulary:
    surfaces: list[str]     # what is written in the text ("mutual trust")
    terms: list[str]        # the analysis token it becomes ("mutual_trust")
    topic: np.ndarray       # domain topic of the term, -1 for general words
    freq: np.ndarray        # symspell frequency (domain terms: median of general words)
    glue: list[str]         # function-word phrases between content words
    glue_p: np.ndarray
    openers: list[str]
    openers_p: np.ndarray
    q_openers: list[str]
    q_openers_p: np.ndarray


def _clean_phrases(weights: dict[str, int], tokenizer, splitter, forbidden) -> tuple:
    """Keep the phrases that give no analysis token, are not (part of) a multi-word
    expression and that the glued-word repair leaves alone; in dict order."""
    keep, p = [], []
    for phrase, w in weights.items():
        if w <= 0:
            continue
        words = [x.strip(",") for x in phrase.split()]
        lemmas = tuple(tokenizer.lemma(x) for x in words)
        if tokenizer.tokens(phrase) or _contains_any(forbidden, lemmas):
            continue
        if any(splitter.split_run(x) != x or splitter.split_run(x.capitalize()) != x.capitalize()
               for x in words):
            continue
        keep.append(phrase)
        p.append(float(w))
    p = np.array(p)
    return keep, p / p.sum()


def _contains_any(forbidden: set, lemmas: tuple) -> bool:
    n = len(lemmas)
    return any(lemmas[i:j] in forbidden for i in range(n) for j in range(i + 1, n + 1))


def build_vocabulary(repo: Path = ROOT, n_words: int = N_WORDS, *, config: dict | None = None,
                     tokenizer=None) -> Vocabulary:
    """The content words and function phrases (deterministic: files only, no randomness)."""
    import yaml

    cfg = config or load_config(repo)
    tok = tokenizer or make_tokenizer(repo, cfg)
    splitter = make_glue_splitter(repo, cfg)
    spelling = _spelling_words(repo, cfg)

    # contiguous lemma subsequences of multi-word expressions: no function phrase may be
    # one, so content words separated by a phrase can never complete an expression
    forbidden: set[tuple[str, ...]] = set()
    for seq in tok._mwe:  # lemma tuples of the multi-word lexicon
        for i in range(len(seq)):
            for j in range(i + 1, len(seq) + 1):
                forbidden.add(tuple(seq[i:j]))

    from scotext.corpus.furniture import FurnitureRules, remove_furniture

    with open(repo / cfg["cleaning"]["furniture"], encoding="utf-8") as fh:
        furniture = FurnitureRules.from_dict(yaml.safe_load(fh))

    def surface_ok(surface: str) -> bool:
        """Neither the glued-word repair nor a page-furniture rule touches the word."""
        fixed, changes = splitter.split_text(surface)
        if changes or any(splitter.split_run(w.capitalize()) != w.capitalize()
                          for w in surface.replace("-", " ").split()):
            return False
        line = f"Our work of the {surface} is the basis of the future."
        return remove_furniture(line, furniture)[0].strip() == line

    terms: dict[str, tuple[str, int]] = {}  # term -> (surface, topic)

    def add(surface: str, topic: int):
        surface = surface.strip().lower()
        toks = tok.tokens(surface)
        if len(toks) != 1 or not surface_ok(surface):
            return
        term = toks[0]
        if "_" not in term:
            if term != surface:  # an inflected pattern word: try its lemma
                if tok.tokens(term) != [term] or not surface_ok(term):
                    return
                surface = term
            if term in spelling or not term.isascii():
                return
        if term not in terms:
            terms[term] = (surface, topic)

    tracked = cfg.get("keywords", {}).get("tracked", {}) or {}
    with open(repo / cfg["framing"]["codebook"], encoding="utf-8") as fh:
        frames = {f["id"]: f for f in (yaml.safe_load(fh).get("frames") or [])}
    for k, (_, groups, _) in enumerate(TOPICS):
        for g in groups:
            for t in tracked.get(g, []):
                add(t.replace("_", " "), k)
    for k, (_, _, frame_ids) in enumerate(TOPICS):
        for fid in frame_ids:
            for pat in frames.get(fid, {}).get("patterns", []) or []:
                pat = str(pat)
                if "*" in pat or any(w.isupper() and len(w) > 1 for w in pat.split()):
                    continue
                add(pat, k)

    lemmas = _simplemma_lemmas()
    freqs = symspell_frequencies()
    domain_freq = {}
    general: list[tuple[str, int]] = []
    for word, count in freqs:
        if word in terms:
            domain_freq[word] = count
            continue
        if len(terms) + len(general) >= n_words:
            break
        if (len(word) < 4 or not word.isascii() or not word.isalpha() or word in BLOCKLIST
                or word in spelling or word not in lemmas):
            continue
        if tok.tokens(word) != [word] or not surface_ok(word):
            continue
        general.append((word, count))
    median = float(np.median([c for _, c in general])) if general else 1.0
    surfaces, term_list, topic, freq = [], [], [], []
    for term, (surface, k) in terms.items():
        surfaces.append(surface)
        term_list.append(term)
        topic.append(k)
        freq.append(float(domain_freq.get(term, median)))
    for word, count in general:
        surfaces.append(word)
        term_list.append(word)
        topic.append(-1)
        freq.append(float(count))

    glue, glue_p = _clean_phrases(GLUE, tok, splitter, forbidden)
    openers, openers_p = _clean_phrases(OPENERS, tok, splitter, forbidden)
    q_openers, q_p = _clean_phrases(QUESTION_OPENERS, tok, splitter, forbidden)
    return Vocabulary(surfaces, term_list, np.array(topic), np.array(freq), glue, glue_p,
                      openers, openers_p, q_openers, q_p)


# --------------------------------------------------------------------------- the model


@dataclass
class Model:
    vocab: Vocabulary
    beta: np.ndarray          # K x V
    cdf_flat: np.ndarray      # row k shifted by k: one searchsorted draws words of any topic
    topic_names: list[str]
    year_shift: dict          # year -> K log-shifts
    speaker_shift: dict       # speaker -> K log-shifts
    alpha_total: float


def build_model(vocab: Vocabulary, seed: int, *, k: int = K_TRUE, background: float = 0.2,
                domain_boost: float = 4.0, alpha: float = 0.3, shift_sd: float = 0.35) -> Model:
    rng = np.random.default_rng([seed, 1])
    v = len(vocab.terms)
    general = np.flatnonzero(vocab.topic < 0)
    # general words: each to one topic block or to the background (the last share)
    owner = rng.integers(0, k + 1, size=general.size)
    block_of = vocab.topic.copy()
    # fewer topics than keyword groups: group t's domain terms go to topic t mod k; more
    # topics than groups: topics 8 .. k-1 have general words only
    block_of = np.where(block_of >= k, block_of % k, block_of)
    block_of[general] = np.where(owner < k, owner, -1)
    beta = np.zeros((k, v))
    for t in range(k):
        idx = np.flatnonzero(block_of == t)
        w = rng.gamma(0.5, size=idx.size)
        w[vocab.topic[idx] == t] *= domain_boost
        beta[t, idx] = w / w.sum()
    bg_idx = np.flatnonzero(block_of < 0)
    bg = np.zeros(v)
    bg[bg_idx] = np.sqrt(vocab.freq[bg_idx])
    bg /= bg.sum()
    beta = (1 - background) * beta + background * bg
    beta /= beta.sum(axis=1, keepdims=True)
    cdf = np.cumsum(beta, axis=1)
    cdf[:, -1] = 1.0
    cdf_flat = (cdf + np.arange(k)[:, None]).ravel()
    names = [TOPICS[t][0] if t < len(TOPICS) else f"topic{t}" for t in range(k)]

    def shifts(designed: dict) -> np.ndarray:
        s = rng.normal(0.0, shift_sd, size=k)
        for name, value in designed.items():
            if name in names:
                s[names.index(name)] += value
        return s

    year_shift = {y: shifts(DESIGNED_YEAR_SHIFT.get(y, {})) for y in sorted(YEARS)}
    speaker_shift = {s: shifts(DESIGNED_SPEAKER_SHIFT.get(s, {})) for s in SPEAKERS}
    return Model(vocab, beta, cdf_flat, names, year_shift, speaker_shift, alpha * k)


# --------------------------------------------------------------------------- documents


@dataclass
class Doc:
    index: int
    doc_id: str
    text: str
    row: dict
    theta: np.ndarray
    alpha: np.ndarray
    n_tokens: int
    n_answer_tokens: int
    questions: list[str]
    question_tokens: list[int]
    answers: list[list[str]]
    answer_tokens: list[list[int]]


class Generator:
    """Draws documents one at a time (see the module docstring)."""

    def __init__(self, model: Model, n_docs: int, seed: int, *, dup_share: float = 0.01,
                 tokenizer=None):
        self.m = model
        self.v = model.vocab
        self.n_docs = n_docs
        self.seed = seed
        self.rng = np.random.default_rng([seed, 2])
        self.surf = np.array(self.v.surfaces, dtype=object)
        self.glue = np.array(self.v.glue, dtype=object)
        self.glue_cdf = np.cumsum(self.v.glue_p)
        self.open_cap = np.array([o[0].upper() + o[1:] for o in self.v.openers], dtype=object)
        self.open_cdf = np.cumsum(self.v.openers_p)
        self.q_open = np.array([o[0].upper() + o[1:] for o in self.v.q_openers], dtype=object)
        self.q_cdf = np.cumsum(self.v.q_openers_p)
        self.years = sorted(YEARS)
        w = np.array([YEARS[y][1] for y in self.years])
        self.year_cdf = np.cumsum(w / w.sum())
        self.tok = tokenizer
        self._fixed_tokens: dict[str, int] = {}
        self.plan = self._plan_duplicates(dup_share)
        self.pending: dict[int, Doc] = {}

    # -- structure -------------------------------------------------------------------
    def _plan_duplicates(self, share: float) -> np.ndarray:
        """dup_of[i] = index of the earlier document i abridges, -1 if none (own stream)."""
        rng = np.random.default_rng([self.seed, 3])
        dup_of = np.full(self.n_docs, -1, dtype=np.int64)
        is_source = np.zeros(self.n_docs, dtype=bool)
        for i in np.flatnonzero(rng.random(self.n_docs) < share):
            if i < 2:
                continue
            j = int(i - rng.integers(1, min(DUP_WINDOW, i) + 1))
            if dup_of[j] >= 0 or is_source[j] or dup_of[i] >= 0 or is_source[i]:
                continue
            dup_of[i] = j
            is_source[j] = True
        self.is_source = is_source
        return dup_of

    def _draw(self, cdf: np.ndarray, n: int) -> np.ndarray:
        return np.minimum(np.searchsorted(cdf, self.rng.random(n), side="right"), cdf.size - 1)

    def _words(self, theta: np.ndarray, n: int) -> np.ndarray:
        z = self._draw(np.cumsum(theta), n)
        u = self.rng.random(n)
        w = np.searchsorted(self.m.cdf_flat, u + z, side="right") - z * len(self.v.terms)
        return np.clip(w, 0, len(self.v.terms) - 1)

    def _answer_words(self, theta: np.ndarray, n: int) -> np.ndarray:
        """The content words of one paragraph of the official (the topic model's units);
        :class:`ShuffledTokens` replaces them to make the null corpus."""
        return self._words(theta, n)

    def _sentences(self, ids: np.ndarray, lengths: list[int], *, question: bool = False) -> str:
        """Content words ``ids`` cut into sentences of ``lengths`` words, glued with
        function phrases."""
        n = ids.size
        surf = self.surf[ids].tolist()
        glue = self.glue[self._draw(self.glue_cdf, n)].tolist()
        comma = (self.rng.random(n) < 0.1).tolist()
        starts = (self.q_open if question else self.open_cap)[
            self._draw(self.q_cdf if question else self.open_cdf, len(lengths))].tolist()
        out, pos = [], 0
        for s, length in enumerate(lengths):
            parts = [starts[s]]
            last = pos + length - 1
            for j in range(pos, last):
                parts.append(surf[j] + "," if comma[j] else surf[j])
                parts.append(glue[j])
            parts.append(surf[last])
            pos += length
            out.append(" ".join(parts) + ("?" if question else "."))
        return " ".join(out)

    def _extra_tokens(self, text: str) -> int:
        """Analysis tokens of a fixed text (title, question preamble), cached."""
        if self.tok is None or not text:
            return 0
        if text not in self._fixed_tokens:
            self._fixed_tokens[text] = len(self.tok.tokens(text))
        return self._fixed_tokens[text]

    def _meta(self, i: int) -> dict:
        rng = self.rng
        year = self.years[min(int(np.searchsorted(self.year_cdf, rng.random(), side="right")),
                              len(self.years) - 1)]
        speaker = YEARS[year][0]
        day = int(rng.integers(0, 365))
        date = dt.date(year, 1, 1) + dt.timedelta(days=day)
        if rng.random() < 0.2:
            genre, (outlet, interviewer) = "press_conference", PRESS
        else:
            genre = "interview"
            outlet, interviewer = OUTLETS[int(rng.integers(0, len(OUTLETS)))]
        return {"date": date, "year": year, "speaker": speaker, "outlet": outlet,
                "interviewer": interviewer, "genre": genre}

    # -- one document ----------------------------------------------------------------
    def document(self, i: int) -> Doc:
        rng = self.rng
        doc_id = f"syn_{i + 1:06d}"
        src = self.pending.pop(int(self.plan[i])) if self.plan[i] >= 0 else None
        meta = self._meta(i)
        if src is not None:  # same event, reported a few days later by another outlet
            d0 = dt.date.fromisoformat(src.row["date"])
            date = d0 + dt.timedelta(days=int(rng.integers(0, 4)))
            meta.update(date=date if date.year == d0.year else d0, year=d0.year,
                        speaker=src.row["speaker"])
        year, speaker = meta["year"], meta["speaker"]
        layout = int(rng.choice(3, p=[0.5, 0.3, 0.2]))
        if src is None:
            alpha = self.m.alpha_total * _softmax(self.m.year_shift[year]
                                                  + self.m.speaker_shift[speaker])
            theta = rng.dirichlet(alpha)
            n_qa = int(rng.choice([1, 2, 3], p=[0.25, 0.5, 0.25]))
            questions, q_tokens, answers, answer_tokens = [], [], [], []
            for _ in range(n_qa):
                q_len = [int(3 + rng.poisson(2.5))] if rng.random() < 0.85 else \
                    [int(2 + rng.poisson(1.5)), int(2 + rng.poisson(1.5))]
                q_ids = self._words(theta, sum(q_len))
                pre = QUESTION_PREAMBLES[int(rng.integers(0, len(QUESTION_PREAMBLES)))]
                pre = pre.format(surname=SPEAKERS[speaker].split()[-1])
                questions.append(pre + self._sentences(q_ids, q_len, question=True))
                q_tokens.append(len(q_ids) + self._extra_tokens(pre))
                paras, ptoks = [], []
                for _ in range(int(rng.integers(3, 7))):
                    n_sent = int(1 + min(rng.poisson(1.7), 4))
                    lengths = (3 + rng.poisson(3.35, size=n_sent)).tolist()
                    ids = self._answer_words(theta, sum(lengths))
                    paras.append(self._sentences(ids, lengths))
                    ptoks.append(len(ids))
                answers.append(paras)
                answer_tokens.append(ptoks)
        else:
            theta, alpha = src.theta, src.alpha
            questions, q_tokens = list(src.questions), list(src.question_tokens)
            answers, answer_tokens = [], []
            for paras, ptoks in zip(src.answers, src.answer_tokens):
                keep = rng.random(len(paras)) < 0.6
                if not keep.any():
                    keep[int(rng.integers(0, len(paras)))] = True
                answers.append([p for p, k in zip(paras, keep) if k])
                answer_tokens.append([t for t, k in zip(ptoks, keep) if k])
        title = self._title(meta, theta)
        text = self._layout(title, questions, answers, layout, speaker)
        n_answer = sum(sum(t) for t in answer_tokens)
        title_tokens = len(self.tok.tokens(title)) if self.tok is not None else 0
        n_tokens = n_answer + sum(q_tokens) + title_tokens
        data = text.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        event_id = ""
        if src is not None:
            event_id = src.row["event_id"]
        elif self.is_source[i]:
            event_id = f"{meta['date'].isoformat()}_{doc_id}_event"
        row = {
            "doc_id": doc_id, "file": f"{doc_id}.txt", "sha256": sha,
            "original_file": f"{i:06d}_{sha[:16]}.txt", "date": meta["date"].isoformat(),
            "year": str(year), "speaker": speaker, "interviewer": meta["interviewer"],
            "outlet": meta["outlet"], "genre": meta["genre"], "machine_translated": "false",
            "language_note": ("synthetic (benchmarks/synth_corpus.py); abridged version of "
                              f"{src.doc_id}" if src is not None else
                              "synthetic (benchmarks/synth_corpus.py)"),
            "event_id": event_id,
        }
        doc = Doc(i, doc_id, text, row, theta, alpha, n_tokens, n_answer, questions,
                  q_tokens, answers, answer_tokens)
        if self.is_source[i]:
            self.pending[i] = doc
        return doc

    def _title(self, meta: dict, theta: np.ndarray) -> str:
        """A headline naming the official and four content words of the document (so
        titles differ between documents, as real headlines do, and do not make every pair
        of documents share a passage)."""
        c = self.surf[self._words(theta, 4)].tolist()
        speaker = meta["speaker"]
        if meta["genre"] == "press_conference":
            return (f"Press conference of {speaker} on the {c[0]} and {c[1]}, the {c[2]} "
                    f"and the {c[3]}")
        form = int(self.rng.integers(0, 2))
        if form == 0:
            return f"{speaker} on the {c[0]} and {c[1]}, the {c[2]} and the {c[3]}"
        return (f"{speaker} answers questions on the {c[0]} and the {c[1]} of the {c[2]} "
                f"and {c[3]}")

    @staticmethod
    def _layout(title: str, questions: list[str], answers: list[list[str]], layout: int,
                speaker: str) -> str:
        lines = [title, ""]
        for n, (q, paras) in enumerate(zip(questions, answers), start=1):
            if layout == 0:  # QUESTION n / ANSWER marker lines (norov_2020_cgss style)
                lines += [f"QUESTION {n}", "", q, "", "ANSWER", ""]
                for p in paras:
                    lines += [p, ""]
            elif layout == 1:  # dash-led turns (ermekbaev_2025_ria style)
                lines += [f"\u2013 {q}", "", f"\u2013 {paras[0]}", ""]
                for p in paras[1:]:
                    lines += [p, ""]
            else:  # labels
                lines += [f"Question: {q}", "", f"{SPEAKERS[speaker]}: {paras[0]}", ""]
                for p in paras[1:]:
                    lines += [p, ""]
        return "\n".join(lines).rstrip("\n") + "\n"


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


# --------------------------------------------------------------------------- corpus


class ShuffledTokens:
    """Turns a generator into the generator of its null corpus: the content words of all the
    official's paragraphs (the units of the topic model) permuted across those paragraphs,
    every paragraph keeping its length and every word its corpus frequency, everything else
    (layout, questions, titles, metadata, random draws) unchanged. Pass 1 records the
    words, pass 2 hands them out again in a random order (``seed``)."""

    def __init__(self, generator_factory, n_docs: int, seed: int):
        first = generator_factory()
        recorded = []
        real = first._answer_words

        def record(theta, n):
            ids = real(theta, n)
            recorded.append(ids)
            return ids

        first._answer_words = record
        for i in range(n_docs):
            first.document(i)
        pool = np.concatenate(recorded) if recorded else np.zeros(0, dtype=np.int64)
        self.pool = np.random.default_rng([seed, 99]).permutation(pool)
        self.pos = 0
        self.generator = generator_factory()
        real2 = self.generator._answer_words

        def hand_out(theta, n):
            real2(theta, n)                      # the same random draws as the original
            out = self.pool[self.pos:self.pos + n]
            self.pos += n
            return out

        self.generator._answer_words = hand_out


def generate_corpus(outdir, n_docs: int, seed: int = 1, *, dup_share: float = 0.01,
                    write: bool = True, progress: bool = False, k: int = K_TRUE,
                    shuffle_seed: int | None = None) -> dict:
    """Write the corpus and truth files to ``outdir`` (see module docstring); returns a
    summary dict. ``write=False`` only draws the documents (for timing)."""
    t0 = time.perf_counter()
    outdir = Path(outdir)
    raw = outdir / "raw"
    config = load_config()
    tok = make_tokenizer(ROOT, config)
    vocab = build_vocabulary(ROOT, config=config, tokenizer=tok)
    model = build_model(vocab, seed, k=k)

    def factory():
        return Generator(model, n_docs, seed, dup_share=dup_share, tokenizer=tok)

    gen = factory() if shuffle_seed is None else \
        ShuffledTokens(factory, n_docs, shuffle_seed).generator
    t_setup = time.perf_counter() - t0
    k = model.beta.shape[0]
    theta = np.zeros((n_docs, k), dtype=np.float32)
    alpha = np.zeros((n_docs, k), dtype=np.float32)
    years = np.zeros(n_docs, dtype=np.int16)
    speakers = list(SPEAKERS)
    speaker_idx = np.zeros(n_docs, dtype=np.int8)
    n_tokens = np.zeros(n_docs, dtype=np.int32)
    n_answer = np.zeros(n_docs, dtype=np.int32)
    n_bytes = 0
    n_words = 0
    if write:
        raw.mkdir(parents=True, exist_ok=True)
        sheet = open(raw / "metadata.csv", "w", newline="", encoding="utf-8")
        writer = csv.DictWriter(sheet, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
    try:
        for i in range(n_docs):
            doc = gen.document(i)
            data = doc.text.encode("utf-8")
            n_bytes += len(data)
            if write:
                (raw / doc.row["file"]).write_bytes(data)
                writer.writerow(doc.row)
            elif i < 2000:
                n_words += len(doc.text.split())
            theta[i], alpha[i] = doc.theta, doc.alpha
            years[i] = int(doc.row["year"])
            speaker_idx[i] = speakers.index(doc.row["speaker"])
            n_tokens[i], n_answer[i] = doc.n_tokens, doc.n_answer_tokens
            if progress and (i + 1) % 10000 == 0:
                print(f"  {i + 1} documents, {time.perf_counter() - t0:.1f} s",
                      file=sys.stderr)
    finally:
        if write:
            sheet.close()
    t_gen = time.perf_counter() - t0 - t_setup
    summary = {
        "n_docs": n_docs, "seed": seed, "k_true": k, "n_terms": len(vocab.terms),
        "shuffled": shuffle_seed is not None, "shuffle_seed": shuffle_seed,
        "n_domain_terms": int((vocab.topic >= 0).sum()),
        "n_duplicates": int((gen.plan >= 0).sum()),
        "mean_tokens_per_doc": float(n_tokens.mean()) if n_docs else 0.0,
        "mean_answer_tokens_per_doc": float(n_answer.mean()) if n_docs else 0.0,
        "total_tokens": int(n_tokens.sum()), "bytes": n_bytes,
        "setup_seconds": round(t_setup, 2), "generate_seconds": round(t_gen, 2),
        "topics": {name: [vocab.terms[j] for j in np.argsort(-model.beta[t])[:12]]
                   for t, name in enumerate(model.topic_names)},
        "glue_phrases": len(vocab.glue), "openers": len(vocab.openers),
        "question_openers": len(vocab.q_openers),
    }
    if write:
        np.savez_compressed(
            outdir / "truth.npz", beta=model.beta, terms=np.array(vocab.terms),
            k_true=np.int64(k), theta=theta, alpha=alpha, year=years, speaker=speaker_idx,
            speakers=np.array(speakers), dup_of=gen.plan, n_tokens=n_tokens,
            n_answer_tokens=n_answer, topic_names=np.array(model.topic_names),
            domain_topic=vocab.topic, seed=np.int64(seed))
        (outdir / "truth_terms.txt").write_text("\n".join(vocab.terms) + "\n",
                                                encoding="utf-8")
        (outdir / "truth.json").write_text(json.dumps(summary, indent=2) + "\n",
                                           encoding="utf-8")
    else:
        summary["mean_raw_words_first_2000"] = n_words / max(1, min(n_docs, 2000))
    return summary


def load_truth(outdir) -> dict:
    """truth.npz as a dict of arrays (terms as a list of str)."""
    with np.load(Path(outdir) / "truth.npz", allow_pickle=False) as z:
        out = {k: z[k] for k in z.files}
    out["terms"] = [str(t) for t in out["terms"]]
    return out


def check_corpus(outdir, n_check: int = 200, repo: Path = ROOT) -> dict:
    """Run the workflow's own cleaning, segmentation and tokenisation (as the corpus_clean
    and corpus_tokenise scripts do) on the first ``n_check`` documents and compare with
    the truth: format, number of question and answer turns, speakers, token counts."""
    import yaml

    if str(repo / "src") not in sys.path:
        sys.path.insert(0, str(repo / "src"))
    from scotext.corpus.clean import clean_document
    from scotext.corpus.furniture import FurnitureRules
    from scotext.corpus.segment import segment_document

    outdir = Path(outdir)
    cfg = load_config(repo)
    with open(repo / cfg["cleaning"]["furniture"], encoding="utf-8") as fh:
        rules = FurnitureRules.from_dict(yaml.safe_load(fh))
    splitter = make_glue_splitter(repo, cfg)
    tok = make_tokenizer(repo, cfg)
    truth = load_truth(outdir)
    with open(outdir / "raw" / "metadata.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:n_check]
    problems, formats = [], {}
    n_tok = n_true = 0
    for i, row in enumerate(rows):
        path = outdir / "raw" / row["file"]
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            problems.append(f"{row['doc_id']}: sha256 differs")
        cleaned = clean_document(data, str(path), rules, splitter)
        if cleaned.audit["glued_tokens_split"] or cleaned.audit["furniture_chars_removed"]:
            problems.append(f"{row['doc_id']}: cleaning changed the text {cleaned.audit}")
        segs = segment_document(cleaned.text, official=row["speaker"],
                                interviewer=row["interviewer"], outlet=row["outlet"])
        fmt = segs[0]["format"] if segs else ""
        formats[fmt] = formats.get(fmt, 0) + 1
        text = data.decode("utf-8")
        n_q = text.count("QUESTION ") + text.count("\nQuestion: ") + text.count("\n\u2013 ") // 2
        q_turns = {s["turn"] for s in segs if s["role"] == "question"}
        a_turns = {s["turn"] for s in segs if s["role"] == "answer"}
        roles = {s["role"] for s in segs}
        if fmt not in ("markers", "dash", "labels") or len(q_turns) != n_q \
                or len(a_turns) != n_q or roles - {"question", "answer", "narration"}:
            problems.append(f"{row['doc_id']}: format {fmt}, {len(q_turns)} question and "
                            f"{len(a_turns)} answer turns, {n_q} expected, roles {roles}")
        for s in segs:
            want = {"answer": row["speaker"], "question": row["interviewer"],
                    "narration": row["outlet"]}.get(s["role"])
            if s["speaker"] != want:
                problems.append(f"{row['doc_id']}: {s['role']} attributed to {s['speaker']}")
                break
        got = sum(len(tok.tokens(s["text"])) for s in segs)
        answer_got = sum(len(tok.tokens(s["text"])) for s in segs if s["role"] == "answer")
        n_tok += got
        n_true += int(truth["n_tokens"][i])
        if got != int(truth["n_tokens"][i]) or answer_got != int(truth["n_answer_tokens"][i]):
            problems.append(f"{row['doc_id']}: {got} tokens ({answer_got} in answers), truth "
                            f"{int(truth['n_tokens'][i])} ({int(truth['n_answer_tokens'][i])})")
        unknown = [t for s in segs if s["role"] == "answer" for t in tok.tokens(s["text"])
                   if t not in _term_set(truth)]
        if unknown:
            problems.append(f"{row['doc_id']}: answer tokens not in the truth terms: "
                            f"{sorted(set(unknown))[:5]}")
    return {"checked": len(rows), "formats": formats, "tokens": n_tok, "truth_tokens": n_true,
            "mean_tokens": n_tok / max(1, len(rows)), "problems": problems}


_TERM_SETS: dict[int, frozenset] = {}


def _term_set(truth: dict) -> frozenset:
    key = id(truth["terms"])
    if key not in _TERM_SETS:
        _TERM_SETS[key] = frozenset(truth["terms"])
    return _TERM_SETS[key]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--n-docs", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--k", type=int, default=K_TRUE,
                    help=f"number of true topics (default {K_TRUE}, one per keyword group)")
    ap.add_argument("--shuffle-seed", type=int, default=None,
                    help="write the null corpus: the official's content words permuted across "
                         "his paragraphs (lengths and word frequencies kept)")
    ap.add_argument("--dup-share", type=float, default=0.01,
                    help="share of documents that are abridged copies of another (0.01)")
    ap.add_argument("--no-write", action="store_true",
                    help="draw the documents without writing anything (timing)")
    ap.add_argument("--force", action="store_true", help="write into a non-empty OUTDIR")
    ap.add_argument("--check", type=int, default=0, metavar="N",
                    help="afterwards clean, segment and tokenise the first N documents with "
                         "the project's code and compare with the truth")
    args = ap.parse_args(argv)
    if not args.no_write and (args.outdir / "raw").exists() and any(
            (args.outdir / "raw").iterdir()) and not args.force:
        ap.error(f"{args.outdir / 'raw'} is not empty (use --force)")
    summary = generate_corpus(args.outdir, args.n_docs, args.seed, dup_share=args.dup_share,
                              write=not args.no_write, progress=True, k=args.k,
                              shuffle_seed=args.shuffle_seed)
    topics = summary.pop("topics")
    print(json.dumps(summary, indent=2))
    for name, words in topics.items():
        print(f"{name:>24}: {' '.join(words)}")
    if args.check and not args.no_write:
        report = check_corpus(args.outdir, args.check)
        problems = report.pop("problems")
        print(json.dumps(report, indent=2))
        for p in problems[:20]:
            print("PROBLEM", p)
        if problems:
            print(f"{len(problems)} problem(s)", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
