"""Build the corpus Tokenizer from the config and lexicon files (one place for all stages),
and check every lexicon before any job runs (:func:`validate_lexicons`)."""

from __future__ import annotations


def tokenizer_from_files(*, spelling_variants, spelling_direction, domain_stopwords,
                         standard_stopwords, multiword, lemma_overrides, min_chars,
                         keep_numbers, project_stopwords=None, fold_diacritics=False):
    """The Tokenizer of the given lexicon files and settings. ``standard_stopwords`` is
    ``project`` | ``sklearn`` | ``none`` (``True``/``False``: sklearn/none);
    ``project_stopwords`` is the project list's path (default: the repository's)."""
    from scotext.corpus.spelling import load_spelling_map
    from scotext.corpus.tokens import Tokenizer, load_pairs, load_stopwords, read_lines

    return Tokenizer(
        stopwords=load_stopwords(domain_stopwords, standard_stopwords, project_stopwords),
        multiword=read_lines(multiword),
        spelling=load_spelling_map(spelling_variants, spelling_direction),
        lemma_overrides=load_pairs(lemma_overrides),
        min_chars=min_chars,
        keep_numbers=keep_numbers,
        fold_diacritics=bool(fold_diacritics),
    )


def tokenizer_from_config(config: dict):
    """The Tokenizer of a whole workflow config (paths as the config gives them)."""
    tokens, cleaning = config["tokens"], config["cleaning"]
    return tokenizer_from_files(
        spelling_variants=cleaning["spelling_variants"],
        spelling_direction=cleaning["spelling_direction"],
        domain_stopwords=tokens["domain_stopwords"],
        standard_stopwords=tokens["standard_stopwords"],
        project_stopwords=tokens.get("project_stopwords"),
        multiword=tokens["multiword"], lemma_overrides=tokens["lemma_overrides"],
        min_chars=tokens["min_chars"], keep_numbers=tokens["keep_numbers"],
        fold_diacritics=tokens.get("fold_diacritics", False))


def tokenizer_from_job(inputs, tokens: dict, spelling_direction: str):
    """The Tokenizer of a Snakemake job whose inputs name the lexicons
    (spelling_variants, domain_stopwords, multiword, lemma_overrides, and
    project_stopwords where the rule lists it) and whose params give the ``tokens``
    config section and the spelling direction. A rule that does not list
    ``project_stopwords`` as an input reads the file the config names."""
    project = getattr(inputs, "project_stopwords", None) or tokens.get("project_stopwords")
    return tokenizer_from_files(
        spelling_variants=inputs.spelling_variants, spelling_direction=spelling_direction,
        domain_stopwords=inputs.domain_stopwords,
        standard_stopwords=tokens["standard_stopwords"], project_stopwords=project,
        multiword=inputs.multiword, lemma_overrides=inputs.lemma_overrides,
        min_chars=tokens["min_chars"], keep_numbers=tokens["keep_numbers"],
        fold_diacritics=tokens.get("fold_diacritics", False))


# --------------------------------------------------------------------------- validation


def _problem(path, exc) -> str:
    """One message line for a lexicon problem: the file first, then what is wrong."""
    from scotext.errors import InputError

    text = str(exc)
    if isinstance(exc, InputError) or text.startswith(str(path)):
        return text
    return f"{path}: {text}"


def _check_word_list(path, problems: list[str], *, what: str) -> None:
    """A word list: UTF-8, one entry a line, no entry twice (case-insensitive)."""
    seen: dict[str, int] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        problems.append(f"{path}: {what} not found")
        return
    except UnicodeDecodeError as exc:
        problems.append(f"{path}: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
                        f"{exc.start}); save it as UTF-8")
        return
    for n, line in enumerate(lines, start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        key = " ".join(entry.lower().split())
        if key in seen:
            problems.append(f"{path}: line {n}: '{entry}' is listed twice (also line "
                            f"{seen[key]}); keep one")
        else:
            seen[key] = n
        if what == "stop list" and len(entry.split()) != 1:
            problems.append(f"{path}: line {n}: '{entry}' is not one word (a stop list has "
                            "one word a line)")


def validate_lexicons(config: dict) -> None:
    """Load and check every research instrument the config names, as the jobs will:
    furniture rules, glue prefixes, spelling variants, stop lists (domain, and the project
    list when chosen), multi-word expressions, lemma overrides, the English function-word
    list of the language check, and the frame codebook (parsed, then compiled with the
    corpus Tokenizer, so a duplicated pattern is found here). Raises one
    :class:`scotext.errors.InputError` listing every problem found, one per line, each
    naming the file (and line, frame or field)."""
    import re

    import yaml

    from scotext.corpus.furniture import FurnitureRules
    from scotext.corpus.glue import load_word_list
    from scotext.corpus.spelling import load_spelling_map
    from scotext.corpus.tokens import load_pairs, read_lines
    from scotext.errors import InputError

    problems: list[str] = []
    cleaning, tokens = config["cleaning"], config["tokens"]

    def attempt(path, load):
        try:
            return load()
        except FileNotFoundError:
            problems.append(f"{path}: file not found (named in the config)")
        except UnicodeDecodeError as exc:
            problems.append(f"{path}: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at "
                            f"offset {exc.start}); save it as UTF-8")
        except (InputError, ValueError, KeyError, TypeError, yaml.YAMLError) as exc:
            problems.append(_problem(path, exc))
        return None

    def furniture():
        path = cleaning["furniture"]
        with open(path, encoding="utf-8") as fh:
            spec = yaml.safe_load(fh)
        if not isinstance(spec, dict):
            raise ValueError("expected a mapping with drop_lines, cut_from, strip, ...")
        bad = False
        for section in ("drop_lines", "strip", "cut_from"):
            rules = spec.get(section) or {}
            items = rules.items() if isinstance(rules, dict) else enumerate(rules, start=1)
            for name, pattern in items:
                try:
                    re.compile(pattern)
                except (re.error, TypeError) as exc:
                    problems.append(f"{path}: {section} rule '{name}': {pattern!r} is not a "
                                    f"valid regular expression ({exc})")
                    bad = True
        return None if bad else FurnitureRules.from_dict(spec)

    attempt(cleaning["furniture"], furniture)
    attempt(cleaning["glue_prefixes"], lambda: load_word_list(cleaning["glue_prefixes"]))
    spelling = attempt(cleaning["spelling_variants"],
                       lambda: load_spelling_map(cleaning["spelling_variants"],
                                                 cleaning["spelling_direction"]))
    n_before = len(problems)
    _check_word_list(tokens["domain_stopwords"], problems, what="stop list")
    if tokens["standard_stopwords"] == "project":
        _check_word_list(tokens["project_stopwords"], problems, what="stop list")
    _check_word_list(tokens["multiword"], problems, what="multi-word list")
    missing = any("not found" in p for p in problems[n_before:])
    lemmas = attempt(tokens["lemma_overrides"], lambda: load_pairs(tokens["lemma_overrides"]))
    language = config.get("language", {})
    if language.get("check", False):
        _check_word_list(language["function_words"], problems, what="function-word list")
        words = attempt(language["function_words"],
                        lambda: read_lines(language["function_words"]))
        if words is not None and not words:
            problems.append(f"{language['function_words']}: the function-word list is empty")

    # the Tokenizer (multi-word entries equal after lemmatisation) whenever its files load
    tokenizer = None
    if spelling is not None and lemmas is not None and not missing:
        tokenizer = attempt(tokens["multiword"], lambda: tokenizer_from_config(config))
    codebook_path = config.get("framing", {}).get("codebook")
    if codebook_path:
        from scotext.framing.codebook import load_codebook
        from scotext.framing.match import compile_codebook

        codebook = attempt(codebook_path, lambda: load_codebook(codebook_path))
        if codebook is not None and tokenizer is not None:
            attempt(codebook_path, lambda: compile_codebook(codebook, tokenizer))
    if problems:
        if len(problems) == 1:
            raise InputError(f"lexicon problem: {problems[0]}")
        raise InputError(f"{len(problems)} lexicon problems:\n  " + "\n  ".join(problems))

