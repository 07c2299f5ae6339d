"""Cleaning: offsets never move; boilerplate and repeated titles are blanked, the rest kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.ingest import clean, title_span
from flashpoint.record import Article, Document

SEED = Path(__file__).resolve().parents[2] / "shared/seeds/000_5d585aea45ed2e84.txt"


def _seed_text() -> str:
    if not SEED.exists():
        pytest.skip("shared seed article not present: ../shared/seeds")
    return SEED.read_text(encoding="utf-8")


def _assert_offsets_kept(doc: Document) -> None:
    text, out = doc.article.text, doc.analysis_text
    assert len(out) == len(text)
    blanked = [s for s in doc.segments if s.role in ("boilerplate", "duplicate_title")]
    for i, (a, b) in enumerate(zip(text, out, strict=True)):
        if any(s.start <= i < s.end for s in blanked):
            assert b == (a if a in "\n\r" else " ")
        else:
            assert a == b


def _roles(doc: Document) -> list[tuple[str, str]]:
    t = doc.article.text
    return [(s.role, t[s.start : s.end]) for s in doc.segments]


def _first_line_title(text: str) -> Article:
    return Article(id="t", text=text, title=text.split("\n", 1)[0])


GLUED = (
    "Insurgents Ambush Convoy Near Kandahar Airfield\n\n"
    "Taliban fighters ambushed a supply convoy on the highway outside Kandahar on Sunday, "
    "killing three drivers and wounding five others, provincial officials said.\n\n"
    "Insurgents Ambush Convoy Near Kandahar AirfieldThe attack came two days after a "
    "roadside bomb struck a police vehicle in the same district.\n\n"
    "Share this:\n"
    "Click to share on Twitter (Opens in new window)\n"
    "Click to share on Facebook (Opens in new window)\n\n"
    "Like this:\nLike Loading...\n\n"
    "Related\n\n"
    "Police officers killed in Helmand blast\n"
    "Ceasefire talks stall in Doha\n"
)


def test_seed_offsets_unchanged() -> None:
    text = _seed_text()
    doc = clean(_first_line_title(text))
    _assert_offsets_kept(doc)


def test_seed_glued_title_blanked() -> None:
    text = _seed_text()
    doc = clean(_first_line_title(text))
    title = text.split("\n", 1)[0]
    dup = [s for s in doc.segments if s.role == "duplicate_title"]
    assert len(dup) == 1 and text[dup[0].start : dup[0].end] == title
    glued_at = text.index(title, len(title))
    assert doc.analysis_text[glued_at : glued_at + len(title)] == " " * len(title)
    assert doc.analysis_text[glued_at + len(title) :].startswith("Like they did last week")


def test_seed_title_kept_and_footer_blanked() -> None:
    text = _seed_text()
    doc = clean(_first_line_title(text))
    assert doc.segments[0].role == "title" and doc.segments[0].start == 0
    assert doc.analysis_text.startswith(text.split("\n", 1)[0])
    assert "Leave a Reply" not in doc.analysis_text
    assert "will not be published" not in doc.analysis_text
    assert "Jabhat al-Nusra" in doc.analysis_text
    assert doc.body_start == text.index("Russia and Syria")


def test_seed_title_found_without_hint() -> None:
    text = _seed_text()
    assert title_span(text) == (0, text.index("\n"))


def test_invented_glued_title_and_share_bar() -> None:
    doc = clean(_first_line_title(GLUED))
    _assert_offsets_kept(doc)
    roles = _roles(doc)
    assert ("duplicate_title", "Insurgents Ambush Convoy Near Kandahar Airfield") in roles
    glued = GLUED.index("AirfieldThe") + len("Airfield")
    assert doc.analysis_text[glued - 3 :].startswith("   The attack came two days")
    for gone in ("Share this:", "Click to share", "Like Loading", "Helmand blast", "Doha"):
        assert gone not in doc.analysis_text
    assert "roadside bomb" in doc.analysis_text


def test_duplicate_title_alone_on_its_line() -> None:
    text = (
        "Protesters storm parliament in Baghdad\n\n"
        "Hundreds of protesters stormed the parliament building on Saturday.\n\n"
        "Protesters storm parliament in Baghdad\n\n"
        "Security forces used water cannon to disperse the crowd.\n"
    )
    doc = clean(_first_line_title(text))
    dup = [s for s in doc.segments if s.role == "duplicate_title"]
    assert len(dup) == 1 and dup[0].start == text.index("Protesters", 10)
    assert doc.analysis_text.count("Protesters storm parliament") == 1


def test_title_as_word_prefix_is_not_blanked() -> None:
    text = (
        "Troops enter the town of Bakh\n\n"
        "Troops enter the town of Bakhmut from the north, officials said on Monday.\n"
    )
    doc = clean(_first_line_title(text))
    assert not [s for s in doc.segments if s.role == "duplicate_title"]
    assert doc.analysis_text == text


def test_title_glued_at_start_without_newline() -> None:
    text = (
        "Suicide bomber kills 12 at market in MogadishuA suicide bomber blew himself up in a "
        "crowded market in the Somali capital on Friday, killing at least 12 people, police "
        "said. Al-Shabaab claimed responsibility."
    )
    doc = clean(Article(id="g", text=text))
    _assert_offsets_kept(doc)
    assert doc.segments[0].role == "title"
    assert text[doc.segments[0].start : doc.segments[0].end] == (
        "Suicide bomber kills 12 at market in Mogadishu"
    )
    assert doc.body_start == text.index("A suicide bomber")
    assert doc.analysis_text == text  # the title is marked, not blanked


def test_camel_case_name_is_not_a_glue_point() -> None:
    text = (
        "Officials said a McDonald restaurant in the city centre was damaged when rockets "
        "struck the area overnight, and several people were wounded."
    )
    assert title_span(text) is None
    doc = clean(Article(id="c", text=text))
    assert [s.role for s in doc.segments] == ["body"]


def test_prose_first_line_is_not_a_headline() -> None:
    text = (
        "Gunmen killed five villagers in Zamfara state on Monday. Police said the attackers "
        "fled on motorcycles.\n\nResidents said the village had been attacked before.\n"
    )
    assert title_span(text) is None


def test_boilerplate_lines_blanked_keep_newlines() -> None:
    text = (
        "Rockets hit Kyiv overnight\n\n"
        "Advertisement\n"
        "Russian missiles struck energy facilities in Kyiv overnight, the mayor said.\n"
        "Subscribe to our newsletter for daily updates\n"
        "Sign up for breaking news alerts\n"
        "Follow us on Telegram\n"
        "We use cookies to improve your experience. By continuing you agree.\n"
        "Air defence units shot down most of the drones, officials added.\n"
        "© 2024 Example Media. All rights reserved.\n"
    )
    doc = clean(_first_line_title(text))
    _assert_offsets_kept(doc)
    kept = doc.analysis_text
    for gone in ("Advertisement", "Subscribe", "Sign up", "Follow us", "cookies", "rights"):
        assert gone not in kept
    assert "energy facilities" in kept and "shot down most" in kept
    assert kept.count("\n") == text.count("\n")


def test_footer_after_comments_marker_is_boilerplate() -> None:
    body = (
        "Israeli air strikes hit several buildings in Gaza City on Thursday, the health "
        "ministry said, killing at least nine people including two children. The army said "
        "it targeted militant infrastructure. Witnesses described heavy damage in the area.\n"
    )
    text = "Air strikes hit Gaza City\n\n" + body + "\n3 Comments\n\nJohn says:\nTerrible news.\n"
    doc = clean(_first_line_title(text))
    footer = [s for s in doc.segments if s.role == "boilerplate"]
    assert footer and text[footer[-1].start :].startswith("3 Comments")
    assert "Terrible news" not in doc.analysis_text
    assert "nine people" in doc.analysis_text


def test_early_footer_word_does_not_swallow_article() -> None:
    text = (
        "Ceasefire holds in Nagorno-Karabakh\n\nRelated\n\n"
        + "A fragile ceasefire held for a third day along the line of contact, monitors said. "
        * 8
    )
    doc = clean(_first_line_title(text))
    assert "fragile ceasefire" in doc.analysis_text
    assert "Related" not in doc.analysis_text


def test_segments_sorted_and_disjoint() -> None:
    doc = clean(_first_line_title(GLUED))
    ends = 0
    for seg in doc.segments:
        assert ends <= seg.start < seg.end <= len(GLUED)
        ends = seg.end


def test_jsonl_style_title_not_in_text_still_finds_repeat() -> None:
    text = (
        "Kurdish forces said on Monday they repelled an attack near Kobani.\n\n"
        "Kurdish forces repel attack near KobaniThe fighting lasted several hours.\n"
    )
    doc = clean(Article(id="j", text=text, title="Kurdish forces repel attack near Kobani"))
    _assert_offsets_kept(doc)
    assert "Kurdish forces repel" not in doc.analysis_text
    assert "The fighting lasted" in doc.analysis_text
    assert doc.body_start == 0
