"""Reading level of a lesson body, measured the same way by `check`, the catalogue and the tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import textstat

# Block elements end a sentence even without a full stop: a heading or list item is read as one.
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "blockquote", "summary"}
ATTR_LIST = re.compile(r"\s*\{[^}\n]*\}\s*$", re.MULTILINE)


class _TextOfBlocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        self.blocks[-1] += data


def plain_text(body: str) -> str:
    """The words a reader reads: Markdown rendered, markup dropped, every block ended as a sentence."""
    html = markdown.markdown(ATTR_LIST.sub("", body), extensions=["tables", "def_list"])
    parser = _TextOfBlocks()
    parser.feed(html)
    sentences = []
    for block in parser.blocks:
        text = " ".join(block.split())
        if text:
            sentences.append(text if text[-1] in ".!?:;" else text + ".")
    return " ".join(sentences)


def grade(body: str) -> float:
    """Flesch-Kincaid grade level of a lesson body."""
    return round(textstat.flesch_kincaid_grade(plain_text(body)), 1)


def smog(body: str) -> float:
    return round(textstat.smog_index(plain_text(body)), 1)
