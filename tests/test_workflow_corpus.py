"""End to end: the workflow on the source corpus and on corpora made by the tests.

These run Snakemake in a temporary directory; they are the acceptance checks of the
corpus stage (question turns, furniture, near-duplicates, spelling) and of bad input.
"""

import hashlib
import re

import pandas as pd
import pytest

from workflow_helpers import ROOT, make_project, run_workflow, shipped_rows, tree_digest

pytestmark = pytest.mark.workflow
RAW = ROOT / "data" / "raw"


def _segments(project):
    return pd.read_csv(project / "results" / "corpus" / "segments.csv", keep_default_na=False)


def test_outputs_follow_the_contract(source_run):
    project, _ = source_run
    res = project / "results"
    seg = _segments(project)
    assert list(seg.columns) == ["doc_id", "segment_id", "turn", "role", "speaker", "year",
                                 "date", "text", "tokens", "n_tokens", "is_duplicate",
                                 "duplicate_of"]
    docs = pd.read_csv(res / "corpus" / "documents.csv")
    assert list(docs.columns[:10]) == ["doc_id", "file", "sha256", "date", "year", "speaker",
                                       "outlet", "genre", "n_segments", "n_tokens"]
    assert docs["n_segments"].sum() == len(seg)
    assert docs["n_tokens"].sum() == seg["n_tokens"].sum()
    for name in ("corpus_summary", "cleaning_audit", "duplicates"):
        assert (res / "tables" / f"{name}.csv").stat().st_size > 0
        assert r"\toprule" in (res / "tables" / f"{name}.tex").read_text()
    for ext in ("png", "pdf", "csv"):
        assert (res / "figures" / f"corpus_overview.{ext}").stat().st_size > 0
    summary = pd.read_csv(res / "tables" / "corpus_summary.csv")
    assert summary["n_tokens"].sum() == seg["n_tokens"].sum()


def test_question_turns_and_speakers(source_run):
    project, _ = source_run
    seg = _segments(project)
    q = seg[seg["role"] == "question"].groupby("doc_id")["turn"].nunique()
    assert q.reindex(sorted(shipped_rows()), fill_value=0).to_dict() == {
        "norov_2019_infoshos": 6, "norov_2019_press_conference": 11, "norov_2020_cgss": 7,
        "norov_2020_tass": 0, "ermekbaev_2025_ria": 6}
    official = {d: r["speaker"] for d, r in shipped_rows().items()}
    answers = seg[seg["role"].isin(["answer", "reported"])]
    assert len(answers) > 250
    assert (answers["speaker"] == answers["doc_id"].map(official)).all()
    assert set(seg["role"]) == {"question", "answer", "narration", "reported"}


FURNITURE = re.compile(r"^\d{1,2}:\d{2}\S|Add Comment|Leave a comment|^More$|Comments|"
                       r"Read on the topic|^A source$|«\s*Back|^X$|^0$|homepage|Favorites|"
                       r"Observer States:|financial assistance|^\d{2}\.\d{2}\.\d{4}|"
                       r"\d{2}\.\d{2}\.\d{4} \d{1,2}:\d{2}|•|^\*$|\*\*|Date of publication|"
                       r"\u00a0")


def test_no_page_furniture_in_any_segment(source_run):
    project, _ = source_run
    bad = [t for t in _segments(project)["text"] if FURNITURE.search(t)]
    assert bad == []


def test_twin_documents_flagged_and_nothing_else(source_run):
    project, _ = source_run
    seg = _segments(project)
    web = seg[(seg["doc_id"] == "norov_2019_infoshos") & (seg["role"] == "answer")]
    assert web["is_duplicate"].mean() >= 0.9
    dup = pd.read_csv(project / "results" / "tables" / "duplicates.csv")
    assert set(zip(dup["doc_id"], dup["duplicate_of_doc"])) == {
        ("norov_2019_infoshos", "norov_2019_press_conference")}
    assert dup["same_event"].all()
    flagged = seg[seg["is_duplicate"]]
    assert flagged["duplicate_of"].isin(seg.loc[~seg["is_duplicate"], "segment_id"]).all()


def test_no_analysis_token_in_two_spellings(source_run):
    project, _ = source_run
    vocab = {t for toks in _segments(project)["tokens"] for t in toks.split()}
    pairs = [line.split("\t") for line in
             (ROOT / "data" / "lexicons" / "spelling_variants.tsv").read_text().splitlines()[1:]]
    british = {b for b, _ in pairs}
    assert not vocab & british, sorted(vocab & british)
    assert {"organization", "program", "favorable", "dialogue"} <= vocab
    assert not {"organisation", "programme", "favourable", "dialog"} & vocab


def test_glued_words_repaired_in_output(source_run):
    project, _ = source_run
    text = " ".join(_segments(project).query("doc_id == 'norov_2019_infoshos'")["text"])
    for glued in ("ofthe", "inBishkek", "tocountering", "aswell", " fora ", "over600"):
        assert glued not in text
    audit = pd.read_csv(project / "results" / "tables" / "cleaning_audit.csv").set_index("doc_id")
    assert audit.loc["norov_2019_infoshos", "glued_tokens_split"] > 200
    assert audit.loc["norov_2019_press_conference", "nbsp_replaced"] > 600
    assert audit.loc["norov_2020_cgss", "markdown_removed"] > 0
    assert audit.loc["norov_2019_infoshos", "furniture_chars_removed"] > 1000


def test_raw_files_untouched_and_rerun_has_nothing_to_do(source_run):
    project, before = source_run
    assert tree_digest(project / "data" / "raw") == before
    result = run_workflow(project, "--dry-run")
    assert result.returncode == 0
    assert "Nothing to be done" in result.stdout + result.stderr


# -- readable but unusual input ---------------------------------------------------------

def _row(doc_id, file, **kw):
    base = {"doc_id": doc_id, "file": file, "date": "2020-07-20", "year": "2020",
            "speaker": "Vladimir Norov", "interviewer": "Khalid Taimur Akram",
            "outlet": "CGSS", "genre": "interview"}
    return base | kw


def test_bom_crlf_cp1252_and_html_read_the_same(tmp_path):
    text = (RAW / "norov_2020_cgss.txt").read_text(encoding="utf-8")
    text = text[:6000].rsplit("\n", 1)[0] + "\n"
    latin = text.replace("Overview", "Overview \u2014 \u201ccaf\u00e9\u201d")  # non-ASCII
    html = "<html><body>" + "".join(f"<p>{p}</p>" for p in latin.split("\n") if p) + \
        "</body></html>"
    files = {"utf8.txt": latin.encode("utf-8"),
             "bom_crlf.txt": b"\xef\xbb\xbf" + latin.replace("\n", "\r\n").encode("utf-8"),
             "legacy.txt": latin.replace("\n", "\r\n").encode("cp1252"),
             "page.txt": html.encode("utf-8")}
    rows = [_row(name.split(".")[0], name) for name in files]
    project = make_project(tmp_path, files, rows)
    # only the corpus stage is asserted on: its two outputs are the targets
    result = run_workflow(project, "results/tables/cleaning_audit.csv",
                          "results/corpus/segments.csv", fast=True)
    assert result.returncode == 0, result.stderr[-3000:]
    audit = pd.read_csv(project / "results" / "tables" / "cleaning_audit.csv").set_index("doc_id")
    assert audit.loc["bom_crlf", "encoding"] == "utf-8-sig" and audit.loc["bom_crlf", "bom"]
    assert audit.loc["bom_crlf", "crlf_converted"] > 0
    assert audit.loc["legacy", "encoding"] == "cp1252"
    assert audit.loc["page", "html_converted"]
    seg = _segments(project)
    texts = {d: list(g["text"]) for d, g in seg.groupby("doc_id")}
    assert texts["bom_crlf"] == texts["utf8"] == texts["legacy"] == texts["page"]
    q = seg[seg["role"] == "question"].groupby("doc_id")["turn"].nunique()
    assert set(q) == {q["utf8"]} and q["utf8"] >= 1


# -- bad input: one clear message, non-zero exit, nothing written --------------------------

GOOD = (RAW / "norov_2020_tass.txt").read_bytes()

BAD_CASES = {
    "empty file": ({"a.txt": b""}, [_row("a", "a.txt")], "a.txt: file is empty"),
    "whitespace only": ({"a.txt": b" \n\n\t  \r\n"}, [_row("a", "a.txt")],
                        "a.txt: file is empty or contains only whitespace"),
    "binary file": ({"a.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20},
                    [_row("a", "a.txt")], "a.txt: binary file"),
    "undecodable": ({"a.txt": b"The SCO \x81\x8d\x8f\x90\x9d and \xff\xfe\xfa"},
                    [_row("a", "a.txt")], "a.txt: cannot be decoded as UTF-8 or Windows-1252"),
    "missing file": ({"a.txt": GOOD}, [_row("a", "a.txt"), _row("b", "b.txt", sha256="0" * 64)],
                     "metadata.csv: row 2: field 'file': file 'b.txt' not found"),
    "duplicate doc_id": ({"a.txt": GOOD, "b.txt": GOOD + b"\n"},
                         [_row("a", "a.txt"), _row("a", "b.txt")],
                         "metadata.csv: row 2: field 'doc_id': duplicate doc_id 'a'"),
    "year does not match date": ({"a.txt": GOOD}, [_row("a", "a.txt", year="2019")],
                                 "metadata.csv: row 1: field 'year': year 2019 does not "
                                 "match date 2020-07-20"),
    "path outside corpus": ({"a.txt": GOOD}, [_row("a", "../../Snakefile", sha256="0" * 64)],
                            "metadata.csv: row 1: field 'file': path '../../Snakefile' must "
                            "be relative and inside the corpus directory"),
    "wrong checksum": ({"a.txt": GOOD}, [_row("a", "a.txt", sha256="f" * 64)],
                       "metadata.csv: row 1: field 'sha256': SHA-256 of 'a.txt' is"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_stops_before_any_work(tmp_path, case):
    files, rows, message = BAD_CASES[case]
    project = make_project(tmp_path, files, rows)
    before = tree_digest(project / "data" / "raw")
    result = run_workflow(project, fast=True)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert message in out, out[-2000:]
    assert out.count("Invalid input, nothing was run") == 1
    assert not (project / "results").exists()
    assert tree_digest(project / "data" / "raw") == before


# -- bad sheets and lexicons: also named before any job, every problem at once ------------

def _sheet_bytes(project, *, encoding="utf-8", delimiter=","):
    """Rewrite the project's sheet in another encoding or with another separator."""
    import csv
    import io

    sheet = project / "data" / "raw" / "metadata.csv"
    with open(sheet, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    sheet.write_bytes(buf.getvalue().encode(encoding))


def _edit_lexicon(project, name, old, new):
    path = project / "data" / "lexicons" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


RUSSIAN = ("Генеральный секретарь ШОС заявил, что государства-члены организации продолжат "
           "сотрудничество в области безопасности, экономики и культуры.\n\n" * 6)
FRENCH = ("Le secrétaire général a déclaré que les États membres coopèrent dans les domaines "
          "de la sécurité, de l'économie et de la culture, et que l'organisation reste "
          "ouverte à de nouveaux partenaires.\n\n" * 4)
GOOD_ROW = _row("a", "a.txt", outlet="Müller Zeitung", interviewer="Jürgen Müller")

SHEET_AND_LEXICON_CASES = {
    "sheet in cp1252": (
        {"a.txt": GOOD}, [GOOD_ROW],
        lambda p: _sheet_bytes(p, encoding="cp1252"),
        ["metadata.csv: line 2: not UTF-8: byte 0xfc at byte offset",
         "save the sheet as UTF-8", "CSV UTF-8 (Comma delimited)"]),
    "sheet separated by semicolons": (
        {"a.txt": GOOD}, [_row("a", "a.txt")], lambda p: _sheet_bytes(p, delimiter=";"),
        ["the sheet is separated by semicolons (';'), not commas", "Comma delimited"]),
    "several problems at once": (
        {"a.txt": GOOD, "b.txt": GOOD + b"\n"},
        [_row("a", "a.txt", year="2019", genre="podcast"), _row("b", "b.txt", date="2020-13"),
         _row("c", "c.txt", sha256="0" * 64)], None,
        ["4 problems in the document sheet",
         "metadata.csv: row 1: field 'genre': 'podcast' is not one of",
         "metadata.csv: row 1: field 'year': year 2019 does not match date 2020-07-20",
         "metadata.csv: row 2: field 'date': '2020-13' is not a calendar date",
         "metadata.csv: row 3: field 'file': file 'c.txt' not found"]),
    "document in Russian": (
        {"a.txt": GOOD, "ru.txt": RUSSIAN.encode("utf-8")},
        [_row("a", "a.txt"), _row("ru", "ru.txt")], None,
        ["metadata.csv: row 2: field 'file': 'ru.txt' does not look like English",
         "are not Latin script (mostly cyrillic", "translate the document into English",
         "set exclude to true"]),
    "document in French": (
        {"a.txt": GOOD, "fr.txt": FRENCH.encode("utf-8")},
        [_row("a", "a.txt"), _row("fr", "fr.txt")], None,
        ["metadata.csv: row 2: field 'file': 'fr.txt' does not look like English",
         "are English function words"]),
    "sha256 mismatch says what to do": (
        {"a.txt": GOOD}, [_row("a", "a.txt", sha256="f" * 64)], None,
        [f"SHA-256 of 'a.txt' is {hashlib.sha256(GOOD).hexdigest()}, the sheet records "
         f"{'f' * 64}", f"put {hashlib.sha256(GOOD).hexdigest()} in this cell",
         "restore the original file"]),
    "duplicated frame pattern": (
        {"a.txt": GOOD}, [_row("a", "a.txt")],
        lambda p: _edit_lexicon(p, "frames.yaml", "      - terrorist\n",
                                "      - terrorist\n      - terrorists\n"),
        ["frames.yaml: frame 'security': field 'patterns': patterns 'terrorist' and "
         "'terrorists' are the same after lemmatisation"]),
    "multi-word entry twice": (
        {"a.txt": GOOD}, [_row("a", "a.txt")],
        lambda p: _edit_lexicon(p, "multiword.txt", "press club\n",
                                "press club\npress-club\n"),
        ["multiword.txt", "'press club' and 'press-club' are the same after lemmatisation"]),
    "bad furniture pattern and stopword twice": (
        {"a.txt": GOOD}, [_row("a", "a.txt")],
        lambda p: (_edit_lexicon(p, "furniture.yaml", "back_link: '«\\s*Back'",
                                 "back_link: '«\\s*(Back'"),
                   _edit_lexicon(p, "stopwords_domain.txt", "\nthank\n", "\nthank\nsco\n")),
        ["2 lexicon problems", "furniture.yaml: drop_lines rule 'back_link'",
         "is not a valid regular expression",
         "stopwords_domain.txt: line ", "'sco' is listed twice (also line "]),
}


@pytest.mark.parametrize("case", sorted(SHEET_AND_LEXICON_CASES))
def test_bad_sheet_or_lexicon_stops_before_any_work(tmp_path, case):
    files, rows, edit, messages = SHEET_AND_LEXICON_CASES[case]
    project = make_project(tmp_path, files, rows, copy_lexicons=edit is not None)
    if edit is not None:
        edit(project)
    before = {**tree_digest(project / "data" / "raw"),
              **{f"lex/{k}": v for k, v in tree_digest(project / "data" / "lexicons").items()}}
    result = run_workflow(project, fast=True)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    for message in messages:
        assert message in out, (message, out[-3000:])
    assert out.count("Invalid input, nothing was run") == 1
    assert "Traceback" not in out
    assert not (project / "results").exists()
    assert {**tree_digest(project / "data" / "raw"),
            **{f"lex/{k}": v for k, v in tree_digest(project / "data" / "lexicons").items()}} \
        == before
