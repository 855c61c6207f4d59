"""Tests for scotext.corpus.segment: one test group per document format.

The excerpts are copied from the seed corpus (data/raw/, copies of ../shared/seed-corpus) in the form the
cleaning stage hands over: straight quotes, ASCII dashes, no web furniture.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from scotext.corpus.segment import ROLES, detect_format, segment_document, segment_with_notes
from scotext.errors import InputError

NOROV = "Vladimir Norov"
ERMEKBAEV = "Nurlan Ermekbaev"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _roles(segs: list[dict]) -> list[str]:
    return [s["role"] for s in segs]


def _question_turns(segs: list[dict]) -> int:
    return len({s["turn"] for s in segs if s["role"] == "question"})


def _by_start(segs: list[dict], start: str) -> dict:
    matches = [s for s in segs if s["text"].startswith(start)]
    assert len(matches) == 1, f"{start!r}: {len(matches)} segments"
    return matches[0]


def _assert_well_formed(segs: list[dict], fmt: str) -> None:
    """Invariants of every result: order, keys, roles, turns, non-empty text."""
    assert segs, "no segments"
    assert [s["paragraph"] for s in segs] == sorted({s["paragraph"] for s in segs})
    assert segs[0]["turn"] == 1
    for before, after in zip(segs, segs[1:]):
        assert after["turn"] - before["turn"] in (0, 1)
        if (before["role"], before["speaker"]) != (after["role"], after["speaker"]):
            assert after["turn"] == before["turn"] + 1
    for seg in segs:
        assert set(seg) == {"paragraph", "turn", "role", "speaker", "text", "format"}
        assert seg["role"] in ROLES
        assert seg["format"] == fmt
        assert seg["text"] and seg["text"] == seg["text"].strip()


# --------------------------------------------------------------------------- markers

MARKERS_002 = """\
Detailed Text of Interview of

His Excellency Vladimir Norov,
Secretary-General of Shanghai Cooperation Organization

Overview

On 20th July 2020, Center for Global & Strategic Studies (CGSS), Islamabad conducted an Exclusive Live Interview of His Excellency Vladimir Norov, Secretary-General SCO. The interview was conducted by Lt Col Khalid Taimur Akram (Retd), Executive Director, CGSS. The detailed interview is as below:

QUESTION 1

1. Vladimir Imamovich, you assumed the post of Secretary-General of the Shanghai Cooperation Organization on January 1, 2019. What has been done since then, and how do you assess the role of SCO member states today?

ANSWER

The main task of the SCO Secretary-General is to coordinate and implement the decisions taken by the main SCO bodies - the Council of Heads of State, the Council of Heads of Government, the Council of Foreign Ministers, and other mechanisms of the Organization.

QUESTION 3

3. The SCO faces the serious task of expanding its composition in the context of the current two divergent trends, globalization, and regionalization. What strategy do you think the SCO should adopt to strike a balance between the trends of globalization and regionalization in today's world for expansion?

ANSWER

But the next decades are likely to be a special period - the foundations of a new world order must be determined by their end.

How will global governance work?

A fierce battle has already begun over these issues.

QUESTION 5

5: Looking at the economic prospects of the SCO member states and China's One Belt, One Road initiative, we see that the Organization is an important platform for the more effective implementation of this initiative. How do you imagine a new era when the SCO is actively involved in the "One Belt, One Road" initiative for win-win cooperation in the region and beyond?"

ANSWER

The SCO countries cannot stay away from the large-scale economic initiative unfolding in the region.
"""


def _markers() -> list[dict]:
    return segment_document(MARKERS_002, official=NOROV, interviewer="Khalid Taimur Akram",
                            outlet="CGSS")


def test_markers_format_detected() -> None:
    assert detect_format(_paragraphs(MARKERS_002)) == "markers"
    _assert_well_formed(_markers(), "markers")


def test_markers_roles_speakers_and_counts() -> None:
    segs = _markers()
    assert _question_turns(segs) == 3
    narration = [s for s in segs if s["role"] == "narration"]
    assert [s["paragraph"] for s in narration] == [0, 1, 2, 3, 4]
    assert {s["speaker"] for s in narration} == {"CGSS"}
    assert {s["speaker"] for s in segs if s["role"] == "question"} == {"Khalid Taimur Akram"}
    assert {s["speaker"] for s in segs if s["role"] == "answer"} == {NOROV}


def test_markers_question_mark_inside_answer_stays_answer() -> None:
    seg = _by_start(_markers(), "How will global governance work?")
    assert seg["role"] == "answer"
    assert seg["speaker"] == NOROV
    previous = _by_start(_markers(), "But the next decades")
    assert seg["turn"] == previous["turn"]


def test_markers_lines_give_no_segment_and_numbers_are_stripped() -> None:
    segs = _markers()
    texts = [s["text"] for s in segs]
    assert not any(t.upper().startswith(("QUESTION", "ANSWER")) for t in texts)
    # paragraph 5 is the "QUESTION 1" line: its index is used up but gives no segment
    assert 5 not in {s["paragraph"] for s in segs}
    first_q = _by_start(segs, "Vladimir Imamovich")
    assert first_q["paragraph"] == 6 and first_q["role"] == "question"
    assert _by_start(segs, "Looking at the economic prospects")["role"] == "question"
    assert _by_start(segs, "The SCO faces the serious task")["role"] == "question"


def test_markers_turn_numbering() -> None:
    segs = _markers()
    assert [(s["turn"], s["role"]) for s in segs if s["role"] != "narration"][:3] == [
        (2, "question"), (3, "answer"), (4, "question")]
    assert segs[-1]["turn"] == 7


# --------------------------------------------------------------------------- dash

DASH_004 = """\
Interview of SCO General Secretary Nurlan Ermekbaev RIA Novosti

The Shanghai Cooperation Organization does not lack applications for the entry, said Nurlan Ermekbaev, General Secretary General Secretary General of RIA Novosti in an exclusive interview.

- Can decisions make decisions on the inclusion of new members in China at the upcoming summit of the Shanghai Cooperation Organization (SCO)? Can new observers and dialogue partners be included in the SCO? What kind of countries can it be?

- The activities and principles of the SCO are widely in demand in the world.

The SCO has become one of the centers of attraction in Eurasia, including the countries of the Middle East, South and Southeast Asia and even North Africa.

- Which of the leaders of the states confirmed their participation in the SCO summit in China this year? Who will be invited from the partner countries by dialogue and observers? Will any third countries be invited?

-China, who accepted the SCO in Astana in Astana for the fifth time, has developed a substantive action plan for 2024-2025.

-How do you assess the prospects for deepening the foreign policy coordination of the SCO member states and joint strengthening of regional security in the context of the growth of global instability?

- Currently serious changes are taking place in world politics, economics and other areas of international relations.
"""


def _dash() -> list[dict]:
    return segment_document(DASH_004, official=ERMEKBAEV, interviewer="", outlet="RIA Novosti")


def test_dash_format_and_alternation() -> None:
    assert detect_format(_paragraphs(DASH_004)) == "dash"
    segs = _dash()
    _assert_well_formed(segs, "dash")
    assert _roles(segs) == ["narration", "narration", "question", "answer", "answer",
                            "question", "answer", "question", "answer"]
    assert _question_turns(segs) == 3
    assert [s["turn"] for s in segs] == [1, 1, 2, 3, 3, 4, 5, 6, 7]


def test_dash_speakers_and_stripping_with_or_without_space() -> None:
    segs = _dash()
    assert {s["speaker"] for s in segs if s["role"] == "question"} == {"RIA Novosti"}
    assert {s["speaker"] for s in segs if s["role"] == "answer"} == {ERMEKBAEV}
    assert _by_start(segs, "How do you assess")["role"] == "question"   # "-How"
    assert _by_start(segs, "Can decisions make")["role"] == "question"  # "- Can"
    assert _by_start(segs, "China, who accepted")["role"] == "answer"   # "-China"
    assert not any(s["text"].startswith("-") for s in segs)


def test_dash_list_item_inside_answer_continues_answer() -> None:
    text = ("- What are the priorities?\n\n- The priorities are the following:\n\n"
            "- security;\n\n- the economy.\n\n- And what about culture?\n\n- It matters too.\n")
    segs = segment_document(text, official=ERMEKBAEV, interviewer="", outlet="RIA Novosti")
    assert _roles(segs) == ["question", "answer", "answer", "answer", "question", "answer"]
    assert _question_turns(segs) == 2


def test_dash_accepts_unicode_dashes_left_by_a_lax_cleaner() -> None:
    text = "\u2013 What kind of countries can it be?\n\n\u2014The SCO is open.\n"
    segs = segment_document(text, official=ERMEKBAEV, interviewer="", outlet="RIA Novosti")
    assert [(s["role"], s["text"]) for s in segs] == [
        ("question", "What kind of countries can it be?"), ("answer", "The SCO is open.")]


def test_bulleted_lines_without_question_are_not_dash() -> None:
    paras = ["The SCO approved three documents:", "- a strategy;", "- a programme."]
    assert detect_format(paras) != "dash"


# --------------------------------------------------------------------------- labels

LABELS_NOROV = """\
Vladimir Norov: SCOs role in creating a new system of international relations will be growing

SCO Secretary-General Vladimir Norov met with the members of the SCO Press Club.

Question: What is the SCO's current role in global governance? What can you say about its importance on the global stage?

NOROV: I can say that the accession of India and Pakistan has given the SCO a transcontinental character.
Based on this, many experts note that the SCO should become one of the main pillars of the future world order.

Q:
Is the SCO currently reviewing any specific economic cooperation projects?

Norov: The SCO's main economic task is to create favourable conditions for trade and economic cooperation.
"""


def _labels() -> list[dict]:
    return segment_document(LABELS_NOROV, official=NOROV, interviewer="", outlet="InfoSHOS")


def test_labels_question_and_official_labels() -> None:
    assert detect_format(_paragraphs(LABELS_NOROV)) == "labels"
    segs = _labels()
    _assert_well_formed(segs, "labels")
    assert _roles(segs) == ["narration", "narration", "question", "answer", "answer",
                            "question", "answer"]
    assert [s["turn"] for s in segs] == [1, 1, 2, 3, 3, 4, 5]
    assert _question_turns(segs) == 2


def test_labels_headline_is_not_a_label_and_labels_are_stripped() -> None:
    segs = _labels()
    headline = segs[0]
    assert headline["role"] == "narration" and headline["speaker"] == "InfoSHOS"
    assert headline["text"].startswith("Vladimir Norov: SCOs role")
    assert _by_start(segs, "What is the SCO's current role")["speaker"] == "InfoSHOS"
    assert _by_start(segs, "I can say that the accession")["speaker"] == NOROV
    # unlabelled line continues the official's turn
    assert _by_start(segs, "Based on this")["role"] == "answer"
    # "Q:" alone (paragraph 5) gives no segment; the next line is the question
    assert 5 not in {s["paragraph"] for s in segs}
    assert _by_start(segs, "Is the SCO currently reviewing")["role"] == "question"


CAPITALISED = """\
Interview of His Excellency Vladimir Norov, Secretary-General of the SCO.

KHALID AKRAM: The SCO faces the serious task of expanding its composition. What strategy do you think the SCO should adopt?

VLADIMIR NOROV: The Declaration on the creation of the SCO states that the SCO is ready by consensus to accept new members.

KHALID AKRAM: Thank you, Excellency.

MARIA IVANOVA: May I add a question about the pandemic?

VLADIMIR NOROV: The pandemic was a serious test of the viability and strength of the SCO.

MARIA IVANOVA: Thank you.
"""


def test_capitalised_labels_interview() -> None:
    assert detect_format(_paragraphs(CAPITALISED)) == "labels"
    segs = segment_document(CAPITALISED, official=NOROV, interviewer="Khalid Taimur Akram",
                            outlet="CGSS")
    _assert_well_formed(segs, "labels")
    assert [(s["role"], s["speaker"]) for s in segs] == [
        ("narration", "CGSS"),
        ("question", "Khalid Taimur Akram"),
        ("answer", NOROV),
        ("question", "Khalid Taimur Akram"),   # interviewer's statement: still his side
        ("question", "MARIA IVANOVA"),         # unknown name: side from its first "?"
        ("answer", NOROV),
        ("question", "MARIA IVANOVA"),         # keeps the side of her first label
    ]
    assert [s["turn"] for s in segs] == [1, 2, 3, 4, 5, 6, 7]
    assert segs[2]["text"].startswith("The Declaration on the creation")


def test_single_headline_label_is_not_labels_format() -> None:
    paras = ["Vladimir Norov: SCOs role in creating a new system of international "
             "relations will be growing", "He answered the questions of the portal."]
    assert detect_format(paras) == "news"


# --------------------------------------------------------------------------- numbered

NUMBERED_001 = """\
SCO Secretary-General Vladimir Norov's news conference at the SCO Secretariat

On 20 March 2019, SCO Secretary-General Vladimir Norov met with the members of the SCO Press Club for a news conference at the SCO Secretariat.
Below is the full text of the news conference.

1. Regarding the upcoming SCO Heads of State Council Meeting in Bishkek, I would like to say that each summit opens a new page in the history of the organisation's development and sets new tasks.
During the Bishkek summit, the heads of state will sum up the results of Kyrgyzstan's presidency.

2. On the SCO's role in global governance, I can say that the accession of India and Pakistan has given the SCO a transcontinental character.

3. In response to the question and the opinion that the more representative the SCO becomes, the more it encounters opponents and challenges from other international organisations, I would like to say that one of the fundamental principles of the SCO is that its activities are not directed against any state or international organisation.

4. The fight against terrorism has become a key aspect of the SCO's multilateral cooperation. What has been accomplished, and what are your plans for the future?

One of the most important missions under the SCO Charter is the joint effort to counter terrorism, separatism and extremism in all its forms.

6. What are the SCO approaches to cooperating and developing relations with Iran?
What do think of Iran's status changing from observer state to SCO member state?

The SCO attaches great importance to interaction with observer states and dialogue partners.
In this regard, the SCO is interested in multifaceted cooperation with the Islamic Republic of Iran.

7. Will you focus on the economic track in the SCO's work?
"""


def _numbered() -> list[dict]:
    return segment_document(NUMBERED_001, official=NOROV, interviewer="",
                            outlet="SCO Secretariat")


def test_numbered_format_and_roles() -> None:
    assert detect_format(_paragraphs(NUMBERED_001)) == "numbered"
    segs = _numbered()
    _assert_well_formed(segs, "numbered")
    assert _roles(segs) == (["narration"] * 3 + ["answer"] * 4
                            + ["question", "answer"]
                            + ["question", "question", "answer", "answer"]
                            + ["answer"])
    assert _question_turns(segs) == 2


def test_numbered_items_without_question_are_separate_answer_turns() -> None:
    segs = _numbered()
    first = _by_start(segs, "Regarding the upcoming SCO Heads")
    continuation = _by_start(segs, "During the Bishkek summit")
    second = _by_start(segs, "On the SCO's role in global governance")
    third = _by_start(segs, "In response to the question")
    assert first["turn"] == continuation["turn"] == 2
    assert (second["turn"], third["turn"]) == (3, 4)
    assert {first["speaker"], second["speaker"], third["speaker"]} == {NOROV}


def test_numbered_two_line_question_and_number_stripping() -> None:
    segs = _numbered()
    q1 = _by_start(segs, "What are the SCO approaches")
    q2 = _by_start(segs, "What do think of Iran's status")
    assert q1["role"] == q2["role"] == "question"
    assert q1["turn"] == q2["turn"]
    assert q1["speaker"] == "SCO Secretariat"
    assert not any(s["text"][:1].isdigit() for s in segs)
    # last item: a lone paragraph ending with "?" has no answer, so it is the answer
    assert _by_start(segs, "Will you focus on the economic track")["role"] == "answer"


def test_numbered_list_inside_plain_answer_is_not_numbered() -> None:
    paras = ["Which documents were adopted in Qingdao this year?",
             "Three documents were adopted:", "1. the anti-narcotics strategy;",
             "2. the action programme;", "3. the concept.",
             "What are your plans for the future?", "We will continue the work."]
    assert detect_format(paras) == "plain"


# --------------------------------------------------------------------------- plain

PLAIN_000 = """\
Vladimir Norov: SCOs role in creating a new system of international relations will be growing

SCO Secretary-General Vladimir Norov met with the members of the SCO Press Club for a news conference at the SCO Secretariat.
He answered the questions of the InfoSHOS portal and other news media from the SCO member states, observers and dialog partners.

This years main event is the SCO Heads of State Council Meeting in Bishkek. What are your expectations from the summit? Can you say that the Kyrgyz presidency has brought any new focus areas or initiatives?

Regarding the upcoming SCO Heads of State Council Meeting in Bishkek, I would like to say that each summit opens a new page in the history of the Organization's development and sets new tasks.

How will global governance work?

During the Bishkek summit, the heads of state will sum up the results of Kyrgyzstan's presidency.

Is the SCO currently reviewing any specific economic cooperation projects?

The SCO's main economic task is to create favorable conditions for trade and economic cooperation.

The agreement between SCO member states on the facilitation of international road transport is the most important transport document being implemented in the SCO region.

How do you see the further expansion of SCO influence in the world? Can new formats of cooperation with other countries emerge, given that the lists for gaining observer or dialogue partner status are already long?

The SCO's role in creating a new system of international relations will only grow.
"""


def _plain() -> list[dict]:
    return segment_document(PLAIN_000, official=NOROV, interviewer="", outlet="InfoSHOS")


def test_plain_format_questions_and_answers() -> None:
    assert detect_format(_paragraphs(PLAIN_000)) == "plain"
    segs = _plain()
    _assert_well_formed(segs, "plain")
    assert _roles(segs) == ["narration"] * 3 + ["question", "answer", "answer", "answer",
                                               "question", "answer", "answer",
                                               "question", "answer"]
    assert _question_turns(segs) == 3
    assert [s["turn"] for s in segs] == [1, 1, 1, 2, 3, 3, 3, 4, 5, 5, 6, 7]


def test_plain_headline_with_colon_and_rhetorical_question() -> None:
    segs = _plain()
    assert segs[0]["text"].startswith("Vladimir Norov: SCOs role")
    assert segs[0]["role"] == "narration"
    assert _by_start(segs, "He answered the questions")["role"] == "narration"
    rhetorical = _by_start(segs, "How will global governance work?")
    assert rhetorical["role"] == "answer" and rhetorical["speaker"] == NOROV
    assert _by_start(segs, "Is the SCO currently reviewing")["speaker"] == "InfoSHOS"


def test_plain_needs_two_questions_else_news() -> None:
    paras = ["The SCO held a meeting.", "What are your expectations from the summit?",
             "The summit will be held in Bishkek."]
    assert detect_format(paras) == "news"


def test_plain_long_answer_paragraph_ending_with_question_is_answer() -> None:
    long_answer = " ".join(["The SCO develops cooperation in many areas."] * 20) + \
        " Who could have imagined that twenty years ago?"
    text = "\n\n".join(["Intro by the outlet.", "What are your plans for the year?",
                        "We plan a summit.", long_answer, "Turning to the economy.",
                        "What do you expect from it?", "Growth."])
    segs = segment_document(text, official=NOROV, interviewer="", outlet="InfoSHOS")
    assert _roles(segs) == ["narration", "question", "answer", "answer", "answer",
                            "question", "answer"]
    assert _question_turns(segs) == 2


# --------------------------------------------------------------------------- news

NEWS_003 = """\
The SCO is a factor in ensuring regional peace and stability, the organization's Secretary General said

According to the SCO Secretary General Vladimir Norov, the Shanghai cooperation organization is a serious factor in ensuring regional peace and stability and joint prosperity of the member States.

"The SCO acts as an influential and responsible participant in the modern system of international relations, increases its participation in efforts to ensure peace and security," Norov said in an interview with a TASS correspondent.

The modern world, he noted, continues to change rapidly, and the global balance of power is being actively redistributed.

Guided by the" Shanghai spirit", which embodies the principles of mutual trust, mutual benefit, equality, consultation, and respect for the diversity of cultures, member States are actively taking effective measures to promote a just international political and economic order.

The pandemic has demonstrated the close interconnectedness of the world. However, he complained, "instead of solidarity and a common fight against the threat, the world has moved from globalization to localization," which negatively affects the containment of the coronavirus.

In these difficult conditions, the SCO countries have demonstrated a high level of solidarity and mutual support in the fight against the coronavirus epidemic.

Every year, on September 21, the international community celebrates the international day of peace. This year, its motto - "Achieve peace together" - reflects the goal of creating the UN.
"""


def test_news_reported_speech_and_quotations() -> None:
    assert detect_format(_paragraphs(NEWS_003)) == "news"
    segs = segment_document(NEWS_003, official=NOROV, interviewer="", outlet="TASS")
    _assert_well_formed(segs, "news")
    assert _roles(segs) == ["reported", "reported", "reported", "reported", "narration",
                            "reported", "narration", "narration"]
    assert [s["turn"] for s in segs] == [1, 1, 1, 1, 2, 3, 4, 4]
    assert {s["speaker"] for s in segs if s["role"] == "reported"} == {NOROV}
    assert {s["speaker"] for s in segs if s["role"] == "narration"} == {"TASS"}
    assert _question_turns(segs) == 0


def test_news_quotation_without_verb_is_reported() -> None:
    text = ('The SCO Secretariat published a statement.\n\n'
            '"Multilateralism and cooperation are the only way," the statement reads.\n')
    segs = segment_document(text, official=NOROV, interviewer="", outlet="TASS")
    assert _roles(segs) == ["narration", "reported"]


# --------------------------------------------------------------------------- general


def test_lines_without_content_give_no_segment() -> None:
    text = "Title of the page\n\n*\n\nQUESTION\n\nWhat is new?\n\nANSWER:\n\nMuch is new.\n"
    segs = segment_document(text, official=NOROV, interviewer="", outlet="InfoSHOS")
    assert [(s["paragraph"], s["role"], s["text"]) for s in segs] == [
        (0, "narration", "Title of the page"),
        (3, "question", "What is new?"),
        (5, "answer", "Much is new."),
    ]
    assert all(s["format"] == "markers" for s in segs)


def test_crlf_and_extra_spaces_are_tolerated() -> None:
    text = "QUESTION 1\r\n\r\n  1. What is new?  \r\n\r\nANSWER\r\n\r\nMuch is new.\r\n"
    segs = segment_document(text, official=NOROV, interviewer="", outlet="InfoSHOS")
    assert [s["text"] for s in segs] == ["What is new?", "Much is new."]
    assert [s["paragraph"] for s in segs] == [1, 3]


@pytest.mark.parametrize("field", ["official", "outlet"])
def test_missing_official_or_outlet_raises(field: str) -> None:
    kwargs = {"official": NOROV, "interviewer": "", "outlet": "TASS", field: "  "}
    with pytest.raises(InputError, match=field):
        segment_document("Some text.", **kwargs)


def test_empty_text_gives_no_segments() -> None:
    assert segment_document("", official=NOROV, interviewer="", outlet="TASS") == []


def test_numbered_out_of_sequence_number_is_content() -> None:
    text = "\n\n".join([
        "1. What documents were adopted in Qingdao?", "Two documents were adopted:",
        "1. the anti-narcotics strategy;", "2. the action programme.",
        "2. What are your plans?", "We will implement them.",
        "3. How do you see the future?", "With optimism."])
    segs = segment_document(text, official=NOROV, interviewer="", outlet="SCO Secretariat")
    assert segs[0]["format"] == "numbered"
    inner = _by_start(segs, "1. the anti-narcotics strategy;")
    assert inner["role"] == "answer"
    assert _by_start(segs, "2. the action programme.")["role"] == "answer"
    assert _question_turns(segs) == 3


def test_numbered_intro_ending_with_colon_does_not_hide_item_one() -> None:
    text = "\n\n".join([
        "Below is the full text of the news conference:",
        "1. Regarding the upcoming summit, I would like to say that it opens a new page.",
        "2. What are your plans?", "We will implement them.",
        "3. How do you see the future?", "With optimism."])
    segs = segment_document(text, official=NOROV, interviewer="", outlet="SCO Secretariat")
    assert _roles(segs) == ["narration", "answer", "question", "answer", "question", "answer"]
    assert segs[1]["text"].startswith("Regarding the upcoming summit")


def test_numbered_lower_number_inside_later_item_is_content() -> None:
    text = "\n\n".join([
        "1. What are your plans?", "We will implement them.",
        "2. Which documents were adopted in Qingdao?", "1. The anti-narcotics strategy.",
        "3. How do you see the future?", "With optimism."])
    segs = segment_document(text, official=NOROV, interviewer="", outlet="SCO Secretariat")
    assert segs[0]["format"] == "numbered"
    kept = _by_start(segs, "1. The anti-narcotics strategy.")
    assert kept["role"] == "answer"
    assert _question_turns(segs) == 3


def test_plain_short_multi_sentence_question_and_dangling_final_question() -> None:
    text = "\n\n".join([
        "Norov gave an interview to the portal.",
        "What are your expectations from the summit in Bishkek?",
        "Each summit opens a new page in the history of the Organization.",
        "And Iran? Will it join this year?",
        "We seek full consensus on Iran's full-fledged membership.",
        "What else will the heads of state discuss at the summit?"])
    segs = segment_document(text, official=NOROV, interviewer="", outlet="InfoSHOS")
    assert _roles(segs) == ["narration", "question", "answer", "question", "answer", "answer"]


def test_labels_alone_on_their_line() -> None:
    text = ("SMITH:\nWhat has been done since January 2019?\n\nNOROV:\n"
            "The main task of the SCO Secretary-General is to coordinate decisions.\n\n"
            "SMITH:\nThank you.\n")
    assert detect_format(_paragraphs(text)) == "labels"
    segs = segment_document(text, official=NOROV, interviewer="", outlet="CGSS")
    assert [(s["paragraph"], s["role"], s["speaker"]) for s in segs] == [
        (1, "question", "SMITH"), (3, "answer", NOROV), (5, "question", "SMITH")]


# --------------------------------------------------------------------------- asker in brackets

NUMBERED_OUTLETS = """\
Transcript of the press conference of SCO Secretary-General Daniyar Abenov

On 14 June 2023 the Secretary-General answered questions from journalists.

1. How do you assess the preparations for the summit? (Xinhua)

Preparations are proceeding on schedule.

2. What about security in the area? Are the member states ready to act together? (The Paper)

Security remains the foundation of our cooperation.

The situation in Afghanistan is not stable.

3. Which countries have applied for partner status this year?
(TASS)

Several states have applied. Who would have thought so? (Laughter)

4. Will the Organization create its own bank? [Jürgen Müller, Deutsche Welle]

No decision has been taken yet.
"""


def _numbered_outlets() -> list[dict]:
    return segment_document(NUMBERED_OUTLETS, official="Daniyar Abenov",
                            interviewer="journalists", outlet="SCO Secretariat",
                            genre="press_conference")


def test_numbered_questions_ending_with_the_asking_outlet() -> None:
    segs = _numbered_outlets()
    _assert_well_formed(segs, "numbered")
    assert [(s["role"], s["speaker"]) for s in segs] == [
        ("narration", "SCO Secretariat"), ("narration", "SCO Secretariat"),
        ("question", "Xinhua"), ("answer", "Daniyar Abenov"),
        ("question", "The Paper"), ("answer", "Daniyar Abenov"), ("answer", "Daniyar Abenov"),
        ("question", "TASS"), ("answer", "Daniyar Abenov"),
        ("question", "Jürgen Müller, Deutsche Welle"), ("answer", "Daniyar Abenov")]
    assert _question_turns(segs) == 4
    # the bracket is the speaker, not part of the question's words
    assert _by_start(segs, "What about security")["text"].endswith("act together?")
    # a bracket on a line of its own is joined to its question; its line number is used up
    tass = _by_start(segs, "Which countries have applied")
    assert tass["text"].endswith("this year?") and tass["paragraph"] == 7
    assert 8 not in {s["paragraph"] for s in segs}
    assert _by_start(segs, "Several states have applied")["paragraph"] == 9
    # a stage direction after an answer's rhetorical question is left alone
    assert _by_start(segs, "Several states have applied")["text"].endswith("(Laughter)")


def test_without_the_outlet_rule_the_layout_is_lost() -> None:
    """Issue 14's press conference: questions ending with "(Outlet)". Read as text (here:
    the brackets in lower case, which is not an asker), no item holds a question and the
    layout falls to news; read as askers, it is numbered."""
    text = "\n\n".join(["Press conference of the Secretary-General",
                        "1. What about the summit? (Xinhua)", "It is prepared.",
                        "2. What about security in the area? (The Paper)", "It is our base.",
                        "3. What about trade? (TASS)", "It grows."])
    assert detect_format(_paragraphs(text)) == "numbered"
    lowered = re.sub(r"\(([^)]*)\)", lambda m: f"({m.group(1).lower()})", text)
    assert detect_format(_paragraphs(lowered)) == "news"


@pytest.mark.parametrize("bracket", ["(Laughter)", "(applause)", "(the paper)",
                                     "(one two three four five six seven eight nine)"])
def test_brackets_that_are_not_askers(bracket: str) -> None:
    text = (f"1. What is new? {bracket}\n\nMuch.\n\n2. And then?\n\nMore.\n\n"
            "3. Why?\n\nBecause.\n")
    segs = segment_document(text, official="Daniyar Abenov", interviewer="", outlet="TASS")
    assert segs[0]["role"] == "answer" and segs[0]["text"].endswith(bracket)
    assert _question_turns(segs) == 2


def test_bracket_with_a_question_mark_is_part_of_the_question() -> None:
    text = "1. What is new? (Really?)\n\nMuch.\n\n2. And then?\n\nMore.\n\n3. Why?\n\nNo.\n"
    segs = segment_document(text, official="Daniyar Abenov", interviewer="", outlet="TASS")
    assert (segs[0]["role"], segs[0]["speaker"]) == ("question", "TASS")
    assert segs[0]["text"] == "What is new? (Really?)"


# --------------------------------------------------------------------------- genres

SPEECH = """\
Speech by SCO Secretary-General Daniyar Abenov at the Forum on Eurasian Connectivity

Almaty, 3 November 2022

The Institute of Eurasian Studies hosted the forum. Secretary-General Daniyar Abenov delivered the following address.

Dear colleagues, dear friends, it is a great honour for me to speak at this forum.

Connectivity is not an abstract notion for our region.

Who could have imagined twenty years ago that a train would cross the continent in twelve days?

Thank you for your attention.
"""


def test_speech_body_is_the_officials_statement() -> None:
    res = segment_with_notes(SPEECH, official="Daniyar Abenov", interviewer="",
                             outlet="Institute of Eurasian Studies", genre="speech")
    segs = res.segments
    _assert_well_formed(segs, "statement")
    assert _roles(segs) == ["narration"] * 3 + ["statement"] * 4
    assert {s["speaker"] for s in segs if s["role"] == "statement"} == {"Daniyar Abenov"}
    assert [s["turn"] for s in segs] == [1, 1, 1, 2, 2, 2, 2]
    assert res.warnings == ()
    assert res.official_words == sum(len(s["text"].split()) for s in segs[3:])


def test_statement_genre_and_intro_rules() -> None:
    text = ("Statement on the International Day of Peace\n\n21 September 2024\n\n"
            "Today we remember that peace is never given once and for all.\n\n"
            "Our member states have shown that dialogue works.\n")
    segs = segment_document(text, official="Gülnara Sadıkova", interviewer="",
                            outlet="SCO Secretariat", genre="statement")
    assert _roles(segs) == ["narration", "narration", "statement", "statement"]
    # a first paragraph in the first person starts the body at once
    segs = segment_document("We call for peace.\n\nThe SCO is open.\n", official="X Y",
                            interviewer="", outlet="O", genre="speech")
    assert _roles(segs) == ["statement", "statement"]
    # the outlet presenting the text, even as "we", is narration; a salutation, even
    # without punctuation, is the official speaking
    text = ("Address to the forum\n\nWe publish the full text of the address below.\n\n"
            "Ladies and gentlemen\n\nThe SCO is open to all.\n")
    segs = segment_document(text, official="X Y", interviewer="", outlet="O", genre="speech")
    assert _roles(segs) == ["narration", "narration", "statement", "statement"]


def test_speech_without_genre_is_news_and_warned() -> None:
    res = segment_with_notes(SPEECH.replace("Daniyar Abenov delivered", "delivered"),
                             official="Daniyar Abenov", interviewer="", outlet="IES")
    assert res.format == "news"
    assert res.official_words == 0
    assert len(res.warnings) == 1 and "is given no words" in res.warnings[0]
    assert "Daniyar Abenov" in res.warnings[0]


UNMARKED = """\
Interview with SCO Secretary-General Daniyar Abenov

The Silk Road Review spoke with SCO Secretary-General Daniyar Abenov about the Organization.

Twenty years ago six states signed the Declaration. Today the Organization unites half of the world's population.

The main achievement is that borders have become borders of friendship.

And the economy, where do you see progress

Trade has grown many times over. Our priorities are the following:

digital trade

e-commerce

Tell us about the fight against the pandemic.

The pandemic was a serious test.
"""


def test_unmarked_interview_answers_attributed_with_a_warning() -> None:
    res = segment_with_notes(UNMARKED, official="Daniyar Abenov", interviewer="",
                             outlet="Silk Road Review", genre="interview")
    segs = res.segments
    _assert_well_formed(segs, "unmarked")
    assert _roles(segs) == ["narration", "narration", "answer", "answer", "question",
                            "answer", "answer", "answer", "answer", "answer"]
    assert _by_start(segs, "And the economy")["speaker"] == "Silk Road Review"
    # list items after ":" stay in the answer
    assert _by_start(segs, "digital trade")["role"] == "answer"
    # known limit: a question written as a sentence with a full stop is taken as answer
    assert _by_start(segs, "Tell us about the fight")["role"] == "answer"
    assert len(res.warnings) == 1 and "no question/answer layout found" in res.warnings[0]
    assert "1 question turn(s)" in res.warnings[0]


def test_interview_genre_with_structure_keeps_its_layout() -> None:
    for text, fmt in ((MARKERS_002, "markers"), (DASH_004, "dash"), (PLAIN_000, "plain"),
                      (NUMBERED_001, "numbered")):
        assert detect_format(_paragraphs(text), genre="interview") == fmt
        assert detect_format(_paragraphs(text), genre="speech") == "statement"
    assert detect_format(_paragraphs(NEWS_003), genre="news_item") == "news"
    assert detect_format(_paragraphs(NEWS_003), genre="interview") == "unmarked"


# --------------------------------------------------------------------------- names in any script

NON_ASCII = """\
Interview with SCO Deputy Secretary-General Gülnara Sadıkova

Jürgen Müller: Türkiye has been a dialogue partner since 2013. How do you see relations developing?

Gülnara Sadıkova: Türkiye is an important partner of the Organization.

JÜRGEN MÜLLER: Is the SCO an alliance against the West?

Gulnara Sadikova: No. The SCO is not a military bloc.

Zhang Ming: May I add that the bloc logic is outdated.

Ömer Çelik: Türkiye agrees.
"""


def test_non_ascii_labels_and_names() -> None:
    segs = segment_document(NON_ASCII, official="Gülnara Sadıkova", interviewer="Jürgen Müller",
                            outlet="Türkiye Haber Ajansı", genre="interview")
    _assert_well_formed(segs, "labels")
    assert [(s["role"], s["speaker"]) for s in segs] == [
        ("narration", "Türkiye Haber Ajansı"),
        ("question", "Jürgen Müller"), ("answer", "Gülnara Sadıkova"),
        ("question", "Jürgen Müller"),           # capitals: the same person
        ("answer", "Gülnara Sadıkova"),          # without diacritics: the same person
        ("answer", "Zhang Ming"),                # a third name keeps its label
        ("answer", "Ömer Çelik")]                # ... in any script
    assert segs[2]["text"].startswith("Türkiye is an important partner")
    # the surname alone, without its dotless i, names the official
    text = ("JÜRGEN MÜLLER: Do you agree?\n\nSADIKOVA: Why should we not agree?\n\n"
            "KHAN: We agree.\n")
    assert [(s["role"], s["speaker"]) for s in segment_document(
        text, official="Gülnara Sadıkova", interviewer="Jürgen Müller", outlet="AA")] == [
        ("question", "Jürgen Müller"), ("answer", "Gülnara Sadıkova"), ("answer", "KHAN")]


def test_news_attribution_to_a_non_ascii_name_and_nfd_text() -> None:
    text = ("Ankara, 2 May. The SCO is open to cooperation, Sadıkova said in Ankara.\n\n"
            "The weather was fine.\n")
    segs = segment_document(text, official="Gülnara Sadıkova", interviewer="", outlet="AA")
    assert _roles(segs) == ["reported", "narration"]
    text = ("The SCO is open to cooperation, Müller said.\n\nThe weather was fine.\n\n"
            "Trade grows, Muller added.\n")
    segs = segment_document(text, official="Jürgen Müller", interviewer="", outlet="DW")
    assert _roles(segs) == ["reported", "narration", "reported"]
    nfd = unicodedata.normalize("NFD", NON_ASCII)
    assert nfd != NON_ASCII
    kwargs = dict(official=unicodedata.normalize("NFD", "Gülnara Sadıkova"),
                  interviewer="Jürgen Müller", outlet="Türkiye Haber Ajansı")
    assert segment_document(nfd, **kwargs) == segment_document(NON_ASCII, **kwargs)
