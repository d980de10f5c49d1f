"""Ingest: readers, bad inputs, chrome, metadata, language and fingerprints."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest import (
    NearDuplicateIndex,
    content_hash,
    detect_language,
    minhash,
    read_paths,
    similarity,
)
from storyline.ingest.chrome import is_chrome, strip_chrome, strip_end_marker
from storyline.ingest.metadata import (
    dateline,
    extract,
    parse_date,
    pop_source,
    pop_timestamp,
    prefix_outlet,
    title_line,
)
from storyline.model import Document, Skipped
from storyline.settings import Settings

DATA = Path(__file__).parent / "data" / "ingest"
BODY = (
    "Engineers reopened the old river bridge on Monday after months of repairs.\n\n"
    "The mayor said traffic would be limited to cars until the spring.\n"
)
GOOD = f"Bridge reopens in the valley\n\n{BODY}"


def read(paths: list[Path], **settings: object) -> list[Document | Skipped]:
    return list(read_paths(paths, Settings(**settings)))


def only_doc(text: str, tmp_path: Path, *, name: str = "a.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (doc,) = read([path])
    assert isinstance(doc, Document), doc
    return doc


# Readers and bad inputs


@pytest.mark.parametrize(
    ("name", "content", "reason", "detail"),
    [
        ("empty.txt", b"", "empty", "empty.txt: empty file"),
        ("blank.txt", b"  \n\n ", "empty", "blank.txt: empty file"),
        ("nul.txt", b"Some text\x00\x00\x01 more", "binary", "nul.txt: binary file (NUL bytes)"),
        ("ctl.txt", b"\x01\x02\x03\x04 abc", "binary", "ctl.txt: binary file"),
        ("latin.txt", "Café au lait".encode("latin-1"), "encoding", "latin.txt: not UTF-8"),
        ("big.txt", b"word " * 800, "too-large", "big.txt: 4,000 bytes, over the 3,000-byte"),
        ("tiny.txt", b"Too short.", "too-short", "tiny.txt: only 10 characters"),
        ("slides.pdf", b"%PDF-1.4", "unsupported", "slides.pdf: unsupported file type '.pdf'"),
    ],
)
def test_bad_file_yields_one_skipped_while_good_files_go_on(
    tmp_path: Path, name: str, content: bytes, reason: str, detail: str
) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    results = read([tmp_path / "good.txt", bad], max_bytes=3000)
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [r.id for r in results if isinstance(r, Document)] == ["good"]
    assert len(skipped) == 1
    assert skipped[0].reason == reason
    assert skipped[0].path == str(bad)
    assert skipped[0].detail.startswith(detail)
    assert "\n" not in skipped[0].detail


def test_invalid_utf8_detail_names_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Twelve bytes\xff and more text here")
    (skipped,) = read([path])
    assert skipped.detail == "a.txt: not UTF-8 (invalid start byte at offset 12)"


def test_malformed_jsonl_lines_are_skipped_and_the_other_lines_go_on(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "one", "text": GOOD}),
        '{"id": "two", "text": ',
        json.dumps({"id": "three", "title": "No body"}),
        "",
        json.dumps({"text": GOOD}),
    ]
    path.write_bytes("\n".join(lines).encode() + b'\n{"id": "bad", "text": "caf\xe9"}\n')
    results = read([path])
    assert [r.id for r in results if isinstance(r, Document)] == ["one", "batch-5"]
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [(s.path, s.reason) for s in skipped] == [
        (f"{path}:2", "malformed"),
        (f"{path}:3", "malformed"),
        (f"{path}:6", "malformed"),
    ]
    assert skipped[0].detail.startswith("batch.jsonl:2: not valid JSON")
    assert skipped[1].detail == "batch.jsonl:3: has neither a text nor an html string field"
    assert skipped[2].detail.startswith("batch.jsonl:6: not valid JSON (not UTF-8: invalid")


def test_jsonl_fields_win_over_what_the_text_says(tmp_path: Path) -> None:
    record = {
        "id": 7,
        "text": f"{GOOD}\nSource: Text Outlet\n",
        "title": "Given title",
        "outlet": "Given Outlet",
        "url": "https://news.example/7",
        "published": "2020-03-26T10:00:00+03:00",
        "language": "en-GB",
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (doc,) = read([path])
    assert (doc.id, doc.title, doc.outlet, doc.url) == (
        "7",
        "Given title",
        "Given Outlet",
        "https://news.example/7",
    )
    assert (doc.language, doc.published.date, doc.published.reason) == (
        "en",
        date(2020, 3, 26),
        "metadata",
    )
    assert "Source:" not in doc.text


def test_unparseable_jsonl_date_keeps_the_document_undated_and_logs_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "x", "text": GOOD, "published": "someday"}) + "\n")
    with caplog.at_level(logging.WARNING, logger="storyline.ingest"):
        (doc,) = read([path])
    assert isinstance(doc, Document)
    assert doc.published is None
    assert "d.jsonl:1: cannot parse published date 'someday'" in caplog.text


def test_jsonl_line_over_max_bytes_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    lines = [
        json.dumps({"id": "long", "text": "word " * 400}),
        json.dumps({"id": "ok", "text": GOOD}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read([path], max_bytes=1000)
    assert [(r.path, r.reason) for r in results if isinstance(r, Skipped)] == [
        (f"{path}:1", "too-large")
    ]
    assert [r.id for r in results if isinstance(r, Document)] == ["ok"]


def test_missing_path_raises_input_error_before_reading(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory: .*nowhere"):
        read_paths([tmp_path / "nowhere"], Settings())


def test_directory_walk_is_recursive_sorted_and_skips_hidden_and_other_files(
    tmp_path: Path,
) -> None:
    for name in ("b.txt", "a/c.txt", "a/.hidden.txt", ".git/d.txt", "notes.md", "z.htm"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    (tmp_path / "z.htm").write_text(f"<html><body><article><p>{BODY}</p></article></body></html>")
    results = read([tmp_path])
    assert [r.id for r in results] == ["c", "b", "z"]


def test_txt_normalises_line_endings_bom_and_blank_runs(tmp_path: Path) -> None:
    raw = "\ufeffTitle line here\r\n\r\n\r\n\r\nFirst paragraph\u00a0of the story.\r\nSecond line."
    doc = only_doc(raw + "\r\n\r\n", tmp_path)
    assert doc.text == "Title line here\n\nFirst paragraph of the story.\nSecond line."
    assert doc.title == "Title line here"
    assert (doc.path, doc.content_hash, len(doc.minhash)) == (
        str(tmp_path / "a.txt"),
        content_hash(doc.text),
        64,
    )


# HTML


def test_html_extraction_drops_navigation_and_keeps_the_article() -> None:
    (doc,) = read([DATA / "page.html"])
    assert doc.text.startswith("Ferry service resumes across the bay\n\nThe ferry between")
    assert "welcomed the news" in doc.text
    for chrome in ("Home", "Weather", "Subscribe", "Related Articles", "Share this", "Copyright"):
        assert chrome not in doc.text
    assert (doc.title, doc.outlet, doc.url) == (
        "Ferry service resumes across the bay",
        "Harbour Gazette",
        "https://gazette.example/ferry-resumes",
    )
    assert doc.published.date == date(2021, 5, 4)


def test_html_page_without_an_article_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text('<html><body><nav><a href="/">Home</a></nav></body></html>')
    (skipped,) = read([path])
    assert (skipped.reason, skipped.detail) == (
        "no-article",
        "menu.html: no article text found",
    )


def test_jsonl_html_line_is_extracted_and_its_fields_win(tmp_path: Path) -> None:
    page = (DATA / "page.html").read_text(encoding="utf-8")
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p1", "html": page, "outlet": "Given Outlet"}) + "\n")
    (doc,) = read([path])
    assert (doc.id, doc.outlet, doc.title) == (
        "p1",
        "Given Outlet",
        "Ferry service resumes across the bay",
    )
    assert doc.text.count("Ferry service resumes across the bay") == 1


def test_html_in_a_legacy_charset_is_decoded_from_its_meta_tag(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9 reopens</title></head>'
        f"<body><article><h1>Caf\u00e9 reopens</h1><p>The caf\u00e9 by the quay reopened. {BODY}"
        "</p></article></body></html>"
    )
    path = tmp_path / "legacy.html"
    path.write_bytes(page.encode("cp1252"))
    (doc,) = read([path])
    assert isinstance(doc, Document)
    assert "The café by the quay reopened." in doc.text


# Chrome


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Reply",
        "Leave A Reply",
        "Show More",
        "Related Articles",
        "Back to top button",
        "About Author",
        "Your email address will not be published. Required fields are marked *",
        "Share this:",
        "Facebook Twitter WhatsApp Telegram",
        "Facebook | Twitter | Email",
        "Share on Facebook",
        "Comment",
        "Name *",
        "Email *",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Click to share on Twitter (Opens in new window)",
        "Print",
        "Advertisement",
        "Read more: Another story about something else",
        "Subscribe to our daily newsletter",
        "We use cookies to give you the best experience. By continuing you accept them.",
    ],
)
def test_chrome_line_is_dropped(line: str) -> None:
    assert is_chrome(line)
    assert strip_chrome(f"Real first line.\n\n{line}\n\nReal last line.") == (
        "Real first line.\n\nReal last line."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Investors will share the cost of the new port, the ministry said.",
        "Readers can leave a comment with the editor, she added on Sunday.",
        "The print edition was delayed by the strike.",
        "Share prices fell.",
        "The End of an Era",
    ],
)
def test_sentence_that_mentions_chrome_words_survives(line: str) -> None:
    assert not is_chrome(line)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Troops left the base on Friday. Enditem", "Troops left the base on Friday."),
        ("The talks will resume next week. (END)", "The talks will resume next week."),
        ("The talks will resume next week.END", "The talks will resume next week."),
        ("We reached the end", "We reached the end"),
        ("Nothing marks the END of this line", "Nothing marks the END of this line"),
    ],
)
def test_wire_end_marker_is_cut_and_the_sentence_kept(line: str, kept: str) -> None:
    assert strip_end_marker(line) == kept


# Metadata


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Story body.\n\nSource: The Harbour Gazette\n", "The Harbour Gazette"),
        ("Story body.\nSource : Wire Service\n\nMore body.", "Wire Service"),
        ("Story body ends here. Source", None),
    ],
)
def test_source_line_is_read_and_dropped(text: str, outlet: str | None) -> None:
    cleaned, found = pop_source(text)
    assert found == outlet
    assert "Source" not in cleaned
    assert cleaned.startswith("Story body")


def test_source_in_a_sentence_is_not_an_outlet() -> None:
    text = "Source: a senior official who spoke on condition of anonymity, said the plan was old."
    assert pop_source(text) == (text, None)


@pytest.mark.parametrize(
    ("line", "published", "date_text", "agency"),
    [
        ("PORTVILLE, July 24 (Wirenews) — Ships left.", None, "July 24", "Wirenews"),
        ("NORTH BAY (Agency) - Ships left.", None, None, "Agency"),
        ("Oldtown, Ruritania, 3 March 2020 - Ships left.", date(2020, 3, 3), None, None),
        ("Oldtown, March 3, 2020 — Ships left.", date(2020, 3, 3), None, None),
    ],
)
def test_dateline_parts_are_read(
    line: str, published: date | None, date_text: str | None, agency: str | None
) -> None:
    found = dateline(["Headline of the story", line])
    assert (found.published, found.date_text, found.agency) == (published, date_text, agency)


def test_plain_sentence_is_not_a_dateline() -> None:
    found = dateline(["Ships left the harbour - and did not return.", "Oldtown: calm."])
    assert (found.published, found.date_text, found.agency) == (None, None, None)


@pytest.mark.parametrize(
    "line", ["-".join("ABCDEFGHIJKLMNOPQRSTUVWXYZ") * 10, ", ".join(["Aaa Bbb-Ccc"] * 60) + " x"]
)
def test_long_run_of_capitalised_words_is_no_dateline(line: str) -> None:
    assert dateline([line]) == dateline([])


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("2020-03-26 12:23:35", date(2020, 3, 26)),
        ("March 26, 2020", date(2020, 3, 26)),
        ("26/03/2020 10:00", date(2020, 3, 26)),
        ("Published: Thursday, 26 March 2020 at 10:00 GMT", date(2020, 3, 26)),
    ],
)
def test_timestamp_line_near_the_top_is_read_and_dropped(line: str, day: date) -> None:
    text, found = pop_timestamp(f"{line}\n\nHeadline\n\nBody text.")
    assert (text.strip(), found) == ("Headline\n\nBody text.", day)


def test_date_inside_a_sentence_is_not_a_timestamp() -> None:
    text = "Headline\n\nOn March 26, 2020 the ships left."
    assert pop_timestamp(text) == (text, None)


@pytest.mark.parametrize(
    ("text", "day"),
    [("2020-03-26", date(2020, 3, 26)), ("3/26/2020", date(2020, 3, 26)), ("31/02/2020", None)],
)
def test_parse_date_reads_written_dates(text: str, day: date | None) -> None:
    assert parse_date(text) == day


def test_outlet_prefix_on_the_first_body_paragraph_is_the_outlet() -> None:
    head = ["Ships leave port", "Harbour Gazette / The ships left on Monday."]
    assert prefix_outlet(head, title="Ships leave port") == "Harbour Gazette"
    assert prefix_outlet(["Ships leave port", "The ships left."], title="Ships leave port") is None


def test_breadcrumb_is_neither_title_nor_outlet() -> None:
    text = "In Harbourpost, World\n\nShips leave port\n\nThe ships left on Monday."
    _, meta = extract(text)
    assert (meta.title, meta.outlet) == ("Ships leave port", None)


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (["Ships leave port", "The ships left."], "Ships leave port"),
        (["Harbour Gazette / The ships left on Monday after a long wait."], None),
        (["PORTVILLE, July 24 (Wirenews) — Ships left."], None),
    ],
)
def test_title_is_the_first_line_unless_it_reads_as_body(
    head: list[str], title: str | None
) -> None:
    assert title_line(head) == title


def test_extract_prefers_timestamp_to_dateline_and_source_to_agency() -> None:
    text = (
        "2021-06-01\n\nShips leave port\n\n"
        "PORTVILLE, May 30, 2021 (Wirenews) — Ships left.\n\nSource: Harbour Gazette"
    )
    cleaned, meta = extract(text)
    assert (meta.outlet, meta.published.date, meta.published.reason) == (
        "Harbour Gazette",
        date(2021, 6, 1),
        "timestamp",
    )
    assert "2021-06-01" not in cleaned


def test_document_reads_dateline_date_and_agency(tmp_path: Path) -> None:
    doc = only_doc(f"Ships leave port\n\nPORTVILLE, May 30 (Wirenews) — {BODY}", tmp_path)
    assert (doc.outlet, doc.dateline, doc.published) == ("Wirenews", "May 30", None)


# Language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Le gouvernement a annoncé mardi le retrait des troupes de la base.", "fr"),
        ("The government announced on Tuesday that the troops would leave.", "en"),
        ("Die Regierung kündigte am Dienstag den Abzug der Truppen an.", "de"),
        ("", None),
    ],
)
def test_language_is_detected(text: str, code: str | None) -> None:
    assert detect_language(text) == code


# Fingerprints


def test_same_text_gives_same_content_hash_across_whitespace_and_case() -> None:
    assert content_hash("Ships  left\nthe Port.") == content_hash("ships left the port.")
    assert content_hash("Ships left the port.") != content_hash("Ships left the bay.")


NEAR_A = (
    "Engineers reopened the old river bridge on Monday after eight months of repairs, "
    "and the mayor said that traffic would be limited to cars until the spring floods end."
)
NEAR_B = NEAR_A.replace("eight", "nine")
OTHER = "Farmers in the southern plains expect a record wheat harvest despite a dry winter."


def test_near_duplicates_have_high_similarity_and_unrelated_texts_low() -> None:
    assert similarity(minhash(NEAR_A), minhash(NEAR_B)) > 0.6
    assert similarity(minhash(NEAR_A), minhash(OTHER)) < 0.1
    assert similarity(minhash(NEAR_A), minhash(NEAR_A)) == 1.0


def test_short_text_still_gets_a_signature_and_empty_text_none() -> None:
    assert len(minhash("two words")) == 64
    assert minhash("  ") == ()


def test_near_duplicate_index_finds_copies_without_comparing_all_pairs() -> None:
    index = NearDuplicateIndex(0.5)
    index.add("a", minhash(NEAR_A))
    index.add("other", minhash(OTHER))
    index.add("a", minhash(OTHER))
    assert index.query(minhash(NEAR_B)) == ["a"]
    assert ("a" in index, len(index), index.query(())) == (True, 2, [])


# Seeds (read from ../shared when present)


def test_seeds_lose_their_chrome_and_keep_their_metadata(seeds: Path) -> None:
    docs = read([seeds])
    assert all(isinstance(doc, Document) for doc in docs)
    for doc in docs:
        assert not [line for line in doc.text.split("\n") if is_chrome(line)]
        assert not doc.text.rstrip().endswith(("Enditem", "Source"))
        assert doc.language == "en"
    assert sum(doc.outlet is not None for doc in docs) >= 3
    assert any(doc.published and doc.published.reason == "timestamp" for doc in docs)
    assert any(doc.dateline for doc in docs)
