"""Turn a GIFT bank into a quiz source of this project (`quizzes/NAME.yml`).

Single choice, multiple select, true/false and matching questions come across; every other kind
(numerical, essay, short answer, description) is listed with its line and skipped, never silently,
and so is anything else the project cannot hold as it is.

A bank exported by `export gift` carries, in `// course: {json}` comment lines, what GIFT has no
place for (objective, section to re-read, feedback per matching pair, pass mark), so it comes back
unchanged. In a bank from elsewhere those fields are missing: the quiz is written without them, and
`python -m generator check` then lists each one to write, with its line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from .. import sources
from ..errors import Problem
from ..model import SLUG_PATTERN, Lesson, Question
from .gift import META_PREFIX
from .gift_parser import GiftQuestion, Text, parse
from .templating import templates

SKIPPED_KINDS = {
    "numerical": "a numerical question",
    "essay": "an essay question",
    "shortanswer": "a short-answer question",
    "description": "a description (text without answers)",
}
DEFAULT_PASS_MARK = 80
# Stand-ins for the fields a foreign bank lacks, used only to check the rest of a question.
_STAND_INS = {"objective": "objective", "review": "review", "explanation": "-", "feedback": "-"}
_question_adapter: TypeAdapter[Any] = TypeAdapter(Question)


@dataclass
class ImportResult:
    text: str | None  # the quiz source, or None when nothing could be imported
    imported: int = 0
    problems: list[Problem] = field(default_factory=list)
    to_write: str = ""  # the fields an author still has to write, e.g. "feedback, objective"


def import_bank(path: Path, lesson_id: str, category: str | None, lesson: Lesson | None) -> ImportResult:
    """The quiz source for `lesson_id` from the GIFT file at `path` (only `category`, if given)."""
    try:
        source = sources.read_text(path)
    except sources.SourceProblem as exc:
        return ImportResult(None, problems=[exc.problem])
    return import_text(source, path, lesson_id, category, lesson)


def import_text(source: str, path: Path, lesson_id: str, category: str | None, lesson: Lesson | None) -> ImportResult:
    """As `import_bank`, from GIFT text already read; `path` is only named in messages."""
    parsed, errors = parse(source)
    problems = [Problem(path, error.line, error.message) for error in errors]
    if problems:
        problems.append(Problem(path, None, "fix the lines above (GIFT syntax), then import again"))
        return ImportResult(None, problems=problems)

    questions: list[dict[str, Any]] = []
    pass_mark = DEFAULT_PASS_MARK
    missing: set[str] = set()
    ids: set[str] = set()
    wanted = _segments(category) if category else None
    for question in parsed:
        if question.kind == "category":
            if wanted and _in_category(question.category, wanted):
                pass_mark = _meta(question, path, problems).get("pass_mark", pass_mark)
            continue
        if wanted and not _in_category(question.category, wanted):
            continue
        if question.kind in SKIPPED_KINDS:
            problems.append(_skipped(path, question, f"{SKIPPED_KINDS[question.kind]}, which quizzes here cannot hold"))
            continue
        entry = _quiz_question(question, path, problems, ids)
        if entry is None:
            continue
        reason = _invalid(entry)
        if reason:
            problems.append(_skipped(path, question, reason))
            continue
        missing.update(_missing_fields(entry))
        ids.add(entry["id"])
        questions.append(entry)

    if wanted and not any(_in_category(q.category, wanted) for q in parsed):
        problems.append(Problem(path, None, f"no category '{category}' in this bank"))
        return ImportResult(None, problems=problems)
    if not questions:
        problems.append(Problem(path, None, "no question here is one this project can hold (single, multiple, true/false, matching)"))
        return ImportResult(None, problems=problems)
    if not isinstance(pass_mark, int) or not 1 <= pass_mark <= 100:
        pass_mark = DEFAULT_PASS_MARK
    quiz = {"lesson": lesson_id, "pass_mark": pass_mark, "questions": questions}
    body = yaml.safe_dump(quiz, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    text = templates(autoescape=False).get_template("quiz-import.yml.j2").render(
        source=path.name, lesson=lesson, missing=sorted(missing), body=body
    )
    return ImportResult(text, len(questions), problems, ", ".join(sorted(missing)))


# ---------------------------------------------------------------- one question


def _quiz_question(question: GiftQuestion, path: Path, problems: list[Problem], ids: set[str]) -> dict[str, Any] | None:
    meta = _meta(question, path, problems)
    entry: dict[str, Any] = {"id": _question_id(question, ids), "type": "", "prompt": _plain(question.text, question, path, problems)}
    if question.missing_word:
        problems.append(_note(path, question, "text after the answers: the blank is shown as _____ in the prompt"))
    for key in ("objective", "review"):
        if isinstance(meta.get(key), str):
            entry[key] = meta[key]

    if question.kind == "multichoice":
        options = []
        for answer in question.answers:
            option: dict[str, Any] = {"text": _plain(answer.text, question, path, problems)}
            if _correct(question, answer.weight, answer.exact):
                option["correct"] = True
            if answer.feedback:
                option["feedback"] = _plain(answer.feedback, question, path, problems)
            options.append(option)
        entry["type"] = "single" if question.single else "multiple"
        if question.single and any(a.weight and 0 < a.weight < 1 for a in question.answers):
            problems.append(_note(path, question, "partial credit is not kept: only the '=' answer counts as right"))
        entry["options"] = options
    elif question.kind == "truefalse":
        entry["type"] = "true_false"
        entry["answer"] = bool(question.truth)
        right, wrong = question.feedback_right, question.feedback_wrong
        feedback_true, feedback_false = (right, wrong) if question.truth else (wrong, right)
        if feedback_true:
            entry["feedback_true"] = _plain(feedback_true, question, path, problems)
        if feedback_false:
            entry["feedback_false"] = _plain(feedback_false, question, path, problems)
    elif question.kind == "matching":
        entry["type"] = "matching"
        pair_feedback = meta.get("pair_feedback") if isinstance(meta.get("pair_feedback"), list) else []
        pairs = []
        for pair in question.pairs:
            item = _plain(pair.item, question, path, problems)
            if not item:
                problems.append(_note(path, question, f"the extra match '{pair.match}' (with no item) is left out"))
                continue
            entry_pair: dict[str, Any] = {"item": item, "match": pair.match}
            if len(pairs) < len(pair_feedback) and isinstance(pair_feedback[len(pairs)], str):
                entry_pair["feedback"] = pair_feedback[len(pairs)]
            pairs.append(entry_pair)
        entry["pairs"] = pairs
    if question.general_feedback and question.general_feedback.text:
        entry["explanation"] = _plain(question.general_feedback, question, path, problems)
    return _ordered(entry)


def _correct(question: GiftQuestion, weight: float | None, exact: bool) -> bool:
    """Single choice: the '=' answer. Multiple select (no '='): every answer with a positive weight."""
    return exact if question.single else bool(weight and weight > 0)


def _question_id(question: GiftQuestion, taken: set[str]) -> str:
    """The question's GIFT name when it is already an id, else one made from the name or the prompt."""
    name = question.name or ""
    if re.match(SLUG_PATTERN, name) and len(name) <= 64:
        base = name
    else:
        words = re.sub(r"[^a-z0-9]+", "-", (name or question.text.text).lower()).strip("-")
        base = "-".join(words.split("-")[:6])[:50].strip("-") or "question"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def _plain(text: Text, question: GiftQuestion, path: Path, problems: list[Problem]) -> str:
    """Text for a quiz, which takes Markdown: HTML is turned into its words."""
    if text.format != "html" or "<" not in text.text:
        return text.text
    from lxml import html as lxml_html

    problems.append(_note(path, question, "HTML formatting was removed; add Markdown emphasis if it mattered"))
    return " ".join(lxml_html.fragment_fromstring(text.text, create_parent="div").text_content().split())


def _invalid(entry: dict[str, Any]) -> str | None:
    """Why the question cannot be held, checked with stand-ins for the fields an author writes later."""
    filled = json.loads(json.dumps(entry))
    for key in ("objective", "review", "explanation"):
        filled.setdefault(key, _STAND_INS[key])
    for key in ("feedback_true", "feedback_false"):
        if filled["type"] == "true_false":
            filled.setdefault(key, _STAND_INS["feedback"])
    for child in filled.get("options", []) + filled.get("pairs", []):
        child.setdefault("feedback", _STAND_INS["feedback"])
    try:
        _question_adapter.validate_python(filled)
    except ValidationError as exc:
        return "; ".join(error["msg"].removeprefix("Value error, ") for error in exc.errors())
    return None


def _missing_fields(entry: dict[str, Any]) -> set[str]:
    missing = {key for key in ("objective", "review", "explanation") if key not in entry}
    if entry["type"] == "true_false":
        missing |= {key for key in ("feedback_true", "feedback_false") if key not in entry}
    if any("feedback" not in child for child in entry.get("options", []) + entry.get("pairs", [])):
        missing.add("feedback")
    return missing


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    """Fields in the order of the authoring guide, so an imported quiz reads like a written one."""
    order = ("id", "type", "prompt", "answer", "feedback_true", "feedback_false", "objective", "review",
             "options", "pairs", "explanation")
    return {key: entry[key] for key in order if key in entry}


# ---------------------------------------------------------------- categories and comments


def _meta(question: GiftQuestion, path: Path, problems: list[Problem]) -> dict[str, Any]:
    """The `// course: {json}` line `export gift` writes above a question or category, if any."""
    for comment in question.comments:
        if comment.startswith(META_PREFIX):
            try:
                data = json.loads(comment[len(META_PREFIX):])
            except json.JSONDecodeError:
                problems.append(_note(path, question, f"the '// {META_PREFIX}' line is not valid JSON; it was ignored"))
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def _segments(category: str) -> list[str]:
    """Category names of a path: 'A/B' -> ['A', 'B']; '//' is a '/' inside a name (Moodle's rule)."""
    return [part.replace("\0", "/").strip() for part in category.replace("//", "\0").split("/") if part.strip()]


def _in_category(category: str | None, wanted: list[str]) -> bool:
    """Whether a question's category is the wanted one, named by its last segments ('Module/Lesson')."""
    if not category:
        return False
    have = _segments(category)
    return have[-len(wanted):] == wanted


def _skipped(path: Path, question: GiftQuestion, why: str) -> Problem:
    return Problem(path, question.line, f"skipped {_label(question)}: {why}", "warning")


def _note(path: Path, question: GiftQuestion, what: str) -> Problem:
    return Problem(path, question.line, f"{_label(question)}: {what}", "warning")


def _label(question: GiftQuestion) -> str:
    if question.name:
        return f"question '{question.name}'"
    words = " ".join(question.text.text.split())
    return f"question \"{words[:40]}{'...' if len(words) > 40 else ''}\""
