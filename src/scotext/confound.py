"""Detect, from the metadata, when a comparison of periods is also a comparison of speakers."""

from __future__ import annotations


def period_speakers(periods, speakers) -> dict[str, list[str]]:
    """Period -> sorted distinct speakers (the officials answering) in it."""
    out: dict[str, set] = {}
    for p, s in zip(periods, speakers):
        out.setdefault(str(p), set()).add(str(s))
    return {p: sorted(v) for p, v in out.items()}


def confound_note(periods, speakers) -> str:
    """A one-line caveat when periods and speakers are confounded, else ''.

    Confounded: at least two speakers, and no period has more than one of them, so every
    difference between periods that have different speakers is also a difference between
    speakers. Periods sharing their speaker form the within-speaker contrasts.
    """
    by_period = period_speakers(periods, speakers)
    all_speakers = {s for v in by_period.values() for s in v}
    if len(all_speakers) < 2 or any(len(v) > 1 for v in by_period.values()):
        return ""
    groups: dict[str, list[str]] = {}
    for p, (s,) in sorted(by_period.items()):
        groups.setdefault(s, []).append(p)
    parts = [f"{', '.join(ps)} = {s}" for s, ps in sorted(groups.items(), key=lambda x: x[1])]
    within = [f"{ps[0]}-{ps[-1]}" for ps in groups.values() if len(ps) > 1]
    note = ("Caveat: period and speaker are confounded (" + "; ".join(parts) +
            "): differences between these periods are also differences between speakers.")
    if within:
        note += " Within-speaker contrasts: " + ", ".join(
            " vs ".join(ps) for ps in groups.values() if len(ps) > 1) + "."
    return note
