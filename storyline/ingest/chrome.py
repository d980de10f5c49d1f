"""Drop the scraping chrome that saved web pages leave around an article.

The rules are line-based and conservative: a line is dropped only when the
whole line, stripped, matches one of :data:`CHROME_PATTERNS`, and never when
it is longer than :data:`MAX_CHROME_CHARS`. A sentence that merely contains
"share" or "comment" therefore survives. Wire-service end markers ("Enditem",
"(END)") are cut from the end of a line, keeping the sentence before them.

The patterns were written from the page furniture of common news and blog
templates (WordPress comment forms, share plugins, cookie banners, wire copy).
"""

from __future__ import annotations

import re

MAX_CHROME_CHARS = 300

_SOCIAL = (
    r"facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|tumblr|vk|viber|"
    r"messenger|skype|pocket|e-?mail|email|print|copy link|share|tweet"
)

# (pattern, what it is). Each pattern must match the whole stripped line.
CHROME_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"leave an? (reply|comment)|post (a )?comment|submit comment", "comment form heading"),
    (r"\d* ?comments?( \(\d+\))?|no comments( yet)?\.?", "comment counter"),
    (r"(name|e-?mail|website|comment) ?\*", "comment form field"),
    (
        r"your e-?mail address will not be published\.?( required fields are marked \*)?",
        "comment form notice",
    ),
    (r"required fields are marked \*", "comment form notice"),
    (r"save my name, e-?mail, and website in this browser.{0,40}", "comment form checkbox"),
    (r"(show|load|view) (more|less)( comments| stories)?", "pagination button"),
    (r"related (articles|posts|stories|news|topics|content)( \W)?", "related-links heading"),
    (r"(you (may|might) )?(also )?(like|read|want to read)( this)?:?", "related-links heading"),
    (r"more (stories|news) from .{1,40}|recommended( for you)?", "related-links heading"),
    (r"back to top( button)?|scroll to top|skip to (main )?content", "navigation"),
    (r"(toggle )?(navigation|menu)|search( for)?:?|home|close", "navigation"),
    (r"(previous|next) (article|post|story)( \W)?", "navigation"),
    (r"about (the )?author", "author box heading"),
    (r"(share|spread) (this|the word)( article| story| post| page)?:?", "share bar"),
    (r"share( (on|via|to) .{1,20})?:?", "share bar"),
    (rf"((?:{_SOCIAL})[\s|·•,/()-]*){{1,12}}", "share bar of network names"),
    (r"click to (share|print|email|tweet)( on \w+)?( \(opens in new window\))?", "share button"),
    (r"print( this)?( article| page| story)?|e-?mail this( article| story)?", "print button"),
    (r"advertisement|advertising|sponsored( content)?|- advertisement -", "advert label"),
    (r"read (more|also|next)( on .{1,30})?(:.{0,120}| ?[»›>…]+|\.\.\.)?", "read-more link"),
    (r"subscribe\b.{0,100}|sign up (for|to) our newsletter.{0,80}", "newsletter prompt"),
    (r"follow us( on .{1,40})?:?", "social follow prompt"),
    (r"tags?:.{0,150}|filed under:.{0,150}", "tag list"),
    (r"(©|\(c\)|copyright\b).{0,150}|.{0,120}\ball rights reserved\.?", "copyright footer"),
    (
        r".{0,200}\b(we use cookies|this (web)?site uses cookies|cookie (policy|settings)"
        r"|accept (all )?cookies)\b.{0,250}",
        "cookie notice",
    ),
    (r"accept( all)?|reject( all)?|i agree|got it!?|ok", "cookie banner button"),
    (r"loading\.\.\.|please wait\.{0,3}", "script placeholder"),
)

_CHROME = re.compile("|".join(f"(?:{p})" for p, _ in CHROME_PATTERNS), re.IGNORECASE)

# Wire end markers at the end of a line; bare "END" only in capitals after a
# sentence or alone, so that "the end" in prose survives.
_END_MARKER = re.compile(
    r"(?:\s+|^)(?:\(END\)|/END/|Enditem|EndItem|ENDITEM)\s*$"
    r"|(?:(?<=[.!?\"”’)])\s*|^\s*)END\s*$"
)
_END_TAILS = ("END", "END)", "END/", "item", "Item", "ITEM")  # a cheap gate before the regex
_BLANK_RUNS = re.compile(r"\n{3,}")


def is_chrome(line: str) -> bool:
    """Return whether a whole line is page chrome rather than article text."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_CHROME_CHARS:
        return False
    return _CHROME.fullmatch(stripped) is not None


def strip_end_marker(line: str) -> str:
    """Cut a wire-service end marker such as "Enditem" or "(END)" off ``line``."""
    if not line.rstrip().endswith(_END_TAILS):
        return line
    return _END_MARKER.sub("", line)


def strip_chrome(text: str) -> str:
    """Drop chrome lines and end markers from ``text`` and fold blank-line runs."""
    kept = [strip_end_marker(line) for line in text.split("\n") if not is_chrome(line)]
    return collapse_blank_lines("\n".join(kept))


def collapse_blank_lines(text: str) -> str:
    """Fold runs of blank lines into one and trim blank lines at both ends."""
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")
