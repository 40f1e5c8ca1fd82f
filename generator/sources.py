"""Read the author's files: text, YAML and front matter, each value tied to its source line.

The reader never stops at the first mistake: it collects a `Problem` for every file it
cannot read and returns whatever it could, so an author sees every problem in one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from markdown.extensions.toc import slugify as toc_slugify
from pydantic import BaseModel, ValidationError

from . import cache
from .errors import Problem
from .model import Course, Lesson, Quiz

# A document with more YAML nodes than this is refused: it protects against alias "bombs"
# that expand a tiny file into billions of values.
MAX_YAML_NODES = 100_000

# Lessons are meant to be short; a source this big is a mistake (or an attack), not a lesson.
MAX_SOURCE_BYTES = 1_000_000


class _QuickResolver:
    """PyYAML's implicit tag resolution (YAML 1.1, as the safe loader does it) without its per-node overhead.

    libyaml parses in C but calls back into Python to tag every value, and that callback was half the time of
    reading a course. The safe loader has no path resolvers and no wildcard resolvers, so a value's tag
    depends only on the patterns for its first character: tried here from a table made once."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _BY_FIRST_CHARACTER.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


_BY_FIRST_CHARACTER = {first: tuple(found) for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()}
assert None not in _BY_FIRST_CHARACTER and not yaml.SafeLoader.yaml_path_resolvers

# libyaml's parser when PyYAML has it (it nearly always does): parsing is most of the time `check` takes.
if hasattr(yaml, "CSafeLoader"):
    class FAST_LOADER(_QuickResolver, yaml.CSafeLoader):  # noqa: N801 (a loader, named as PyYAML's are)
        pass
else:  # pragma: no cover (PyYAML built without libyaml)
    FAST_LOADER = yaml.SafeLoader

LinePath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class LineMap:
    """The source line of any value of a document, found when a message needs one. Most reads need none,
    so the text is parsed again only then: keeping every document's node tree (or a table of every value's
    line) for a large course costs more memory and garbage-collector time than reading it did."""

    def __init__(self, text: str = "", first_line: int = 1) -> None:
        self.text, self.first_line = text, first_line
        self._root: yaml.Node | None = None

    @property
    def root(self) -> yaml.Node | None:
        if self._root is None and self.text:
            self._root = yaml.compose(self.text, Loader=FAST_LOADER)  # it parsed once already: it parses again
        return self._root

    def get(self, loc: LinePath, default: int | None = None) -> int | None:
        found = self._find(loc)
        return found if found is not None else default

    def __contains__(self, loc: object) -> bool:
        return isinstance(loc, tuple) and self._find(loc) is not None

    def __getitem__(self, loc: LinePath) -> int:
        found = self._find(loc)
        if found is None:
            raise KeyError(loc)
        return found

    def _find(self, loc: LinePath) -> int | None:
        found, depth = self.deepest(loc)
        return found if depth == len(loc) else None

    def deepest(self, loc: LinePath) -> tuple[int | None, int]:
        """The line of the deepest value along `loc` that the document has, and how many parts of `loc` it found.
        A part the document lacks is passed over (pydantic puts a union's tag, "single", into the location)."""
        node = self.root
        if node is None:
            return None, 0
        line, depth = node.start_mark.line, 0
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                # A field is reported on the line of its key, where the author looks for it.
                pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
                if pair is None:
                    continue
                line, node = pair[0].start_mark.line, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line
            else:
                continue
            depth += 1
        return self.first_line + line, depth


@dataclass
class YamlDocument:
    data: Any
    lines: LineMap = field(default_factory=LineMap)

    @property
    def text(self) -> str:
        """The YAML as read (the file's whole text, for a quiz)."""
        return self.lines.text

    def line_of(self, loc: LinePath) -> int | None:
        """Line of the deepest value of `loc` that exists in the document."""
        return self.lines.deepest(loc)[0]


class SourceProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_text(path: Path) -> str:
    """Read a UTF-8 file; a byte-order mark and Windows line endings are accepted quietly."""
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            size = path.stat().st_size / 1_000_000
            raise SourceProblem(Problem(path, None, f"the file is {size:.1f} MB, over the 1 MB limit for a source: split it into shorter lessons"))
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceProblem(Problem(path, None, f"cannot read the file: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceProblem(
            Problem(path, line, "the file is not UTF-8 text; save it as UTF-8 in your editor")
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# Documents read before, by the hash of their text, for this version of this module and of PyYAML: a second
# `check` or build of a large course parses only the files that changed. One memo per folder, so a small
# course never loads what a large one kept. Only documents read without a problem are kept; their lines
# are found again from the text when a message needs one.
_VERSION = Path(__file__).read_bytes() + yaml.__version__.encode()
_parsed: dict[Path, cache.Memo] = {}


def _memo_for(folder: Path) -> cache.Memo:
    folder = folder.resolve()
    if folder not in _parsed:
        _parsed[folder] = cache.Memo("parsed-yaml", _VERSION + bytes(folder), limit=5_000)
    return _parsed[folder]


def flush_parsed() -> None:
    """Keep what this run parsed for the next (once, after reading a whole course)."""
    for memo in _parsed.values():
        memo.flush()


def parse_yaml(text: str, path: Path, first_line: int = 1) -> YamlDocument:
    """Parse YAML with the safe loader; each value's line is found when a message needs it."""
    memo, key = _memo_for(path.parent), cache.key_of(text)
    known = memo.get(key)
    if known is not None:
        return YamlDocument(known[0], LineMap(text, first_line))
    document = _parse_yaml(text, path, first_line)
    memo.add(key, (document.data,))
    return document


def _parse_yaml(text: str, path: Path, first_line: int) -> YamlDocument:
    try:
        node = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        try:  # the pure-Python parser words its errors better (it names a tab, for one)
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            raise SourceProblem(_yaml_problem(exc, path, first_line)) from None
    if node is None:
        return YamlDocument(None)
    budget = [MAX_YAML_NODES]
    constructor = yaml.SafeLoader("")
    # The common tags are built here, in the walk that refuses duplicate keys; any other tag (a merge key,
    # !!set, !!python/...) makes the safe loader build the whole document instead, refusing what it must.
    unusual: list[yaml.Node] = []

    def walk(n: yaml.Node) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise SourceProblem(
                Problem(path, first_line + n.start_mark.line, "the YAML is too large or repeats aliases too often")
            )
        if isinstance(n, yaml.MappingNode):
            if n.tag != MAP_TAG:
                unusual.append(n)
            seen: set[str] = set()
            mapping: dict[Any, Any] = {}
            for key, value in n.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark.line)
                if name in seen:  # YAML would silently keep only the last one
                    raise SourceProblem(
                        Problem(path, first_line + key.start_mark.line, f"'{name}' appears twice here; keep one")
                    )
                seen.add(name)
                built = walk(value)
                if isinstance(key, yaml.ScalarNode) and key.tag in SCALAR_TAGS:
                    mapping[_scalar(constructor, key)] = built
                else:
                    unusual.append(key)
            return mapping
        if isinstance(n, yaml.SequenceNode):
            if n.tag != SEQ_TAG:
                unusual.append(n)
            return [walk(item) for item in n.value]
        if n.tag not in SCALAR_TAGS:
            unusual.append(n)
            return None
        return _scalar(constructor, n)

    try:
        data = walk(node)
        if unusual:
            # The safe loader only: a tag such as !!python/object is refused, never run.
            data = yaml.SafeLoader("").construct_document(node)  # the tree composed above, not a second parse
    except yaml.YAMLError as exc:
        raise SourceProblem(_yaml_problem(exc, path, first_line)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date like 2026-13-45
        line = _line_of_bad_scalar(node, first_line)
        raise SourceProblem(Problem(path, line, f"a value cannot be read ({exc}): check it, e.g. dates as YYYY-MM-DD")) from None
    return YamlDocument(data, LineMap(text, first_line))


STR_TAG, MAP_TAG, SEQ_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
SCALAR_TAGS = {STR_TAG, *(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp"))}


def _scalar(constructor: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A scalar as the safe loader reads it; text, nearly every value in a course, directly."""
    return node.value if node.tag == STR_TAG else constructor.construct_object(node)


def _line_of_bad_scalar(node: yaml.Node, first_line: int) -> int | None:
    """The line of the first scalar the safe loader cannot turn into a value (a date like 2026-13-45)."""
    constructor = yaml.SafeLoader("")
    stack = [node]
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                constructor.construct_object(current, deep=True)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                return first_line + current.start_mark.line
        elif isinstance(current, yaml.MappingNode):
            stack.extend(value for pair in current.value for value in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


def _yaml_problem(exc: yaml.YAMLError, path: Path, first_line: int) -> Problem:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(path, None, f"YAML syntax error: {exc}")
    mark = exc.problem_mark or exc.context_mark
    line = first_line + mark.line if mark else None
    what = exc.problem or exc.context or "invalid YAML"
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in what:
        return Problem(path, line, f"{what.split(' for the tag')[0]}: tags like '!!python/...' are not allowed in course sources; remove the tag")
    hint = " (a tab: YAML needs spaces, not tabs, for indentation)" if "\\t" in what or "\t" in what else ""
    return Problem(path, line, f"YAML syntax error: {what}{hint}")


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Split a lesson into (front matter YAML, Markdown body, line the body starts on)."""
    if not text.startswith("---\n"):
        raise SourceProblem(
            Problem(path, 1, "a lesson must start with front matter: a line '---', the YAML fields, then '---'")
        )
    closing = re.search(r"^---[ \t]*$", text[4:], flags=re.MULTILINE)
    if closing is None:
        raise SourceProblem(Problem(path, 1, "the front matter is never closed: add a line '---' after the fields"))
    front = text[4 : 4 + closing.start()]
    body_start = 4 + closing.end() + 1
    body_line = text[:body_start].count("\n") + 1
    return front, text[body_start:], body_line


def validate(model: type[M], document: YamlDocument, path: Path) -> tuple[M | None, list[Problem]]:
    """Validate a parsed document against a model; each pydantic error becomes a located problem."""
    if not isinstance(document.data, dict):
        kind = "empty" if document.data is None else f"a {type(document.data).__name__}"
        return None, [Problem(path, document.line_of(()) or 1, f"expected a mapping of fields, found {kind}")]
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        return None, [_problem_from(error, document, path) for error in exc.errors()]


def _problem_from(error: dict[str, Any], document: YamlDocument, path: Path) -> Problem:
    loc: LinePath = tuple(error["loc"])
    # Discriminated unions put the tag ("single", ...) into the location; it is not in the file.
    shown = [str(p) for p in loc if not (isinstance(p, str) and p in QUESTION_TAGS and loc.index(p) > 0)]
    field_name = ".".join(shown) or "document"
    kind, message = error["type"], error["msg"]
    if kind == "union_tag_invalid":
        loc = loc + ("type",)  # point at the line of the unknown type
    if kind == "missing":
        text = f"'{field_name}' is missing: add it"
    elif kind == "extra_forbidden":
        text = f"unknown field '{field_name}': remove it or check its spelling"
    elif kind == "union_tag_invalid":
        text = f"'{field_name}': unknown question type; use one of: single, multiple, true_false, matching, ordering, reflective"
    elif kind == "union_tag_not_found":
        text = f"'{field_name}': add 'type' (single, multiple, true_false, matching, ordering or reflective)"
    elif kind == "string_pattern_mismatch" and "url" not in field_name:
        text = f"'{field_name}' must be a slug: lower-case letters, digits and single hyphens (like 'first-meeting')"
    elif kind == "string_pattern_mismatch":
        text = f"'{field_name}' must be a web address starting with http:// or https://"
    else:
        message = message.removeprefix("Value error, ")
        text = f"'{field_name}': {message}"
    return Problem(path, document.line_of(loc), text)


QUESTION_TAGS = {"single", "multiple", "true_false", "matching", "ordering", "reflective"}


# ---------------------------------------------------------------- anchors

HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
EXPLICIT_ID = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
FENCE = re.compile(r"^(```|~~~)")


def section_anchors(body: str, first_line: int) -> dict[str, int]:
    """Anchors the Markdown `toc` extension will give the body's headings, with their lines.

    An explicit ``{#anchor}`` after a heading wins and stays stable when the heading text changes.
    """
    anchors: dict[str, int] = {}
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = HEADING.match(line) if not in_fence else None
        if not match:
            continue
        text = match.group(2)
        explicit = EXPLICIT_ID.search(text)
        if explicit:
            anchor = explicit.group(1)
        else:
            plain = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", text)
            anchor = toc_slugify(plain, "-")
            base, n = anchor, 1
            while anchor in anchors:
                anchor = f"{base}_{n}"
                n += 1
        anchors.setdefault(anchor, first_line + offset)
    return anchors


# ---------------------------------------------------------------- files


def load_course_file(path: Path) -> tuple[Course | None, list[Problem]]:
    try:
        document = parse_yaml(read_text(path), path)
    except SourceProblem as exc:
        return None, [exc.problem]
    course, problems = validate(Course, document, path)
    if course is not None:
        course.attach_source(path, document.lines)
    return course, problems


def load_lesson(path: Path) -> tuple[Lesson | None, list[Problem], str | None]:
    """The lesson (None if invalid), its problems, and the id it declares even when invalid,
    so that a quiz for a broken lesson is not also reported as pointing nowhere."""
    try:
        text = read_text(path)
        if not text.strip():
            return None, [Problem(path, None, "the lesson file is empty")], None
        front, body, body_line = split_front_matter(text, path)
        document = parse_yaml(front, path, first_line=2)
    except SourceProblem as exc:
        return None, [exc.problem], None
    declared = document.data.get("id") if isinstance(document.data, dict) else None
    lesson, problems = validate(Lesson, document, path)
    if lesson is not None:
        lesson.attach_source(path, document.lines)
        lesson.attach_body(body, body_line, section_anchors(body, body_line))
    return lesson, problems, declared if isinstance(declared, str) else None


def load_quiz(path: Path) -> tuple[Quiz | None, list[Problem], YamlDocument | None]:
    try:
        document = parse_yaml(read_text(path), path)
    except SourceProblem as exc:
        return None, [exc.problem], None
    quiz, problems = validate(Quiz, document, path)
    if quiz is not None:
        quiz.attach_source(path, document.lines)
    return quiz, problems, document


# A folder named like a language code ("es", "pt-BR") directly under lessons/ or quizzes/ holds
# translations, which are read per language, not as more lessons of the main course.
LANGUAGE_FOLDER = re.compile(r"^[a-z]{2}(?:-[A-Z]{2})?$")


def _source_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*")
        if p.suffix in suffixes and p.is_file() and not LANGUAGE_FOLDER.match(p.relative_to(folder).parts[0])
    )


def lesson_files(lessons_dir: Path) -> list[Path]:
    return _source_files(lessons_dir, (".md",))


def quiz_files(quizzes_dir: Path) -> list[Path]:
    return _source_files(quizzes_dir, (".yml", ".yaml"))
