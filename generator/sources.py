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

from .errors import Problem
from .model import Course, Lesson, Quiz

# A document with more YAML nodes than this is refused: it protects against alias "bombs"
# that expand a tiny file into billions of values.
MAX_YAML_NODES = 100_000

# Lessons are meant to be short; a source this big is a mistake (or an attack), not a lesson.
MAX_SOURCE_BYTES = 1_000_000

# libyaml's parser when PyYAML has it (it nearly always does): parsing is most of the time `check` takes.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LinePath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass
class YamlDocument:
    data: Any
    lines: dict[LinePath, int] = field(default_factory=dict)

    def line_of(self, loc: LinePath) -> int | None:
        """Line of the deepest value of `loc` that exists in the document."""
        best = self.lines.get(())
        walked: LinePath = ()
        for part in loc:
            candidate = walked + (part,)
            if candidate in self.lines:
                walked = candidate
                best = self.lines[candidate]
        return best



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


def parse_yaml(text: str, path: Path, first_line: int = 1) -> YamlDocument:
    """Parse YAML with the safe loader, recording the source line of every value."""
    try:
        node = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        try:  # the pure-Python parser words its errors better (it names a tab, for one)
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            raise SourceProblem(_yaml_problem(exc, path, first_line)) from None
    if node is None:
        return YamlDocument(None)
    lines: dict[LinePath, int] = {}
    budget = [MAX_YAML_NODES]

    def walk(n: yaml.Node, at: LinePath, line: int) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise SourceProblem(
                Problem(path, first_line + n.start_mark.line, "the YAML is too large or repeats aliases too often")
            )
        lines[at] = line
        if isinstance(n, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in n.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark.line)
                if name in seen:  # YAML would silently keep only the last one
                    raise SourceProblem(
                        Problem(path, first_line + key.start_mark.line, f"'{name}' appears twice here; keep one")
                    )
                seen.add(name)
                # A field is reported on the line of its key, where the author looks for it.
                walk(value, at + (name,), first_line + key.start_mark.line)
        elif isinstance(n, yaml.SequenceNode):
            for index, item in enumerate(n.value):
                walk(item, at + (index,), first_line + item.start_mark.line)

    walk(node, (), first_line + node.start_mark.line)
    try:
        # The safe loader only: a tag such as !!python/object is refused, never run.
        data = yaml.SafeLoader("").construct_document(node)  # the tree composed above, not a second parse
    except yaml.YAMLError as exc:
        raise SourceProblem(_yaml_problem(exc, path, first_line)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date like 2026-13-45
        line = _line_of_bad_scalar(node, first_line)
        raise SourceProblem(Problem(path, line, f"a value cannot be read ({exc}): check it, e.g. dates as YYYY-MM-DD")) from None
    return YamlDocument(data, lines)


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
