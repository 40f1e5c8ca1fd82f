"""Read GIFT text as Moodle does, keeping the line each question starts on.

This knows the format only, not this project's quizzes (`gift_import` maps the result). It follows
Moodle's own reader (question/format/gift/format.php), because GIFT files are written for it:
questions are separated by blank lines; `//` lines are comments; `$CATEGORY:` starts a category;
`::name::` names a question; the answers sit between the first `{` and the first `}`, and any text
after them makes a "missing word" question whose blank is `_____`; `####` starts the general
feedback; `\\` escapes `~ = # { } :` and itself, and `\\n` is a line break. The question's type
follows from the answers: none -> description, empty -> essay, `#...` -> numerical, a `~` ->
multiple choice, `=` with `->` -> matching, T/TRUE/F/FALSE -> true/false, else short answer.

No maintained GIFT parser for Python was usable here: pygiftparser (last release 2017) prints its
messages in French to stdout, keeps no line numbers and misreads Moodle's own examples, and
pygiftparserrgmf is AGPL-licensed and installs under the same import name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["category", "description", "essay", "numerical", "multichoice", "matching", "truefalse", "shortanswer"]
FORMATS = ("moodle", "html", "plain", "markdown")
WEIGHT = re.compile(r"^%(-*[0-9]{1,2}\.?[0-9]*)%")  # Moodle's pattern, lax as it is (it reads %100% too)

# Escaped characters are swapped for private-use characters while the text is taken apart, as Moodle
# does with its "&&058;" placeholders, and swapped back in each finished piece of text.
_ESCAPES = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004", "~": "\ue005", "n": "\ue006"}
_BACKSLASH = "\ue007"
_RESTORE = {placeholder: ("\n" if char == "n" else char) for char, placeholder in _ESCAPES.items()}


@dataclass
class Text:
    text: str
    format: str | None = None  # the [format] written before it, if any


@dataclass
class Answer:
    text: Text
    feedback: Text | None
    weight: float | None  # 1.0 for '=', the %weight% if given, 0.0 for a plain '~'
    exact: bool  # written with '=' (single choice) rather than '~'


@dataclass
class Pair:
    item: Text
    match: str


@dataclass
class GiftQuestion:
    line: int  # where the question's own text starts (after any comment lines)
    kind: Kind
    name: str | None = None
    text: Text = field(default_factory=lambda: Text(""))
    general_feedback: Text | None = None
    answers: list[Answer] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    truth: bool | None = None
    feedback_wrong: Text | None = None  # true/false: shown for the wrong answer
    feedback_right: Text | None = None
    single: bool = True  # multiple choice: one answer (an '=' is present) or several
    missing_word: bool = False  # text followed the answers, and a blank replaced them
    category: str | None = None
    comments: list[str] = field(default_factory=list)  # comment lines of the question's block, without '//'


@dataclass(frozen=True)
class GiftError:
    line: int
    message: str


def parse(source: str) -> tuple[list[GiftQuestion], list[GiftError]]:
    """Every question (and category) of a GIFT text in order, and every block that could not be read."""
    questions: list[GiftQuestion] = []
    errors: list[GiftError] = []
    category: str | None = None
    for first_line, lines in _blocks(source):
        try:
            question = _read_block(first_line, lines)
        except _BlockError as exc:
            errors.append(GiftError(exc.line, exc.message))
            continue
        if question is None:
            continue
        if question.kind == "category":
            category = question.category
        else:
            question.category = category
        questions.append(question)
    return questions, errors


class _BlockError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def _blocks(source: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """Blocks of non-blank lines, each line trimmed and numbered, as Moodle splits a file."""
    blocks: list[tuple[int, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(source.removeprefix("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if line:
            current.append((number, line))
        elif current:
            blocks.append((current[0][0], current))
            current = []
    if current:
        blocks.append((current[0][0], current))
    return blocks


def _read_block(first_line: int, lines: list[tuple[int, str]]) -> GiftQuestion | None:
    comments = [line[2:].strip() for _, line in lines if line.startswith("//")]
    body = [(number, line) for number, line in lines if not line.startswith("//")]
    if not body:
        return None
    line = body[0][0]
    text = _protect("\n".join(text for _, text in body).strip())

    if text.startswith("$CATEGORY:"):
        return GiftQuestion(line, "category", category=_restore(text[len("$CATEGORY:"):]).strip(), comments=comments)

    question = GiftQuestion(line, "description", comments=comments)
    if text.startswith("::"):
        end = text.find("::", 2)
        if end != -1:
            question.name = _restore(text[2:end]).strip()
            text = text[end + 2 :].strip()
        else:
            text = text[2:]

    start, finish = text.find("{"), text.find("}")
    if start == -1 and finish == -1:
        question.text = _text_with_format(text)
        return question
    if start == -1 or finish == -1 or finish < start:
        missing = "'{'" if start == -1 else "'}'"
        raise _BlockError(line, f"a question with an unmatched brace: no {missing} (write \\{{ or \\}} for a brace in the text)")

    answer_text = text[start + 1 : finish].strip()
    if text.endswith("}"):
        question_text = text[:start] + text[finish + 1 :]
    else:
        question.missing_word = True
        question_text = text[:start] + "_____" + text[finish + 1 :]

    separator = answer_text.rfind("####")
    if separator != -1:
        question.general_feedback = _text_with_format(answer_text[separator + 4 :])
        answer_text = answer_text[:separator].strip()
    question.text = _text_with_format(question_text)

    if answer_text == "":
        question.kind = "essay"
    elif answer_text.startswith("#"):
        question.kind = "numerical"
    elif "~" in answer_text:
        question.kind = "multichoice"
        _read_choices(question, answer_text, line)
    elif "=" in answer_text and "->" in answer_text:
        question.kind = "matching"
        _read_pairs(question, answer_text, line)
    elif answer_text.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        question.kind = "truefalse"
        parts = [part.strip() for part in answer_text.split("#", 2)]
        question.truth = parts[0] in ("T", "TRUE")
        question.feedback_wrong = _text_with_format(parts[1]) if len(parts) > 1 and parts[1] else None
        question.feedback_right = _text_with_format(parts[2]) if len(parts) > 2 and parts[2] else None
    else:
        question.kind = "shortanswer"
    return question


def _read_choices(question: GiftQuestion, answer_text: str, line: int) -> None:
    question.single = "=" in answer_text
    pieces = answer_text.replace("=", "~=").split("~")
    if pieces and not pieces[0].strip():
        pieces.pop(0)
    if len(pieces) < 2:
        raise _BlockError(line, "a multiple-choice question needs at least two answers")
    for piece in pieces:
        piece = piece.strip()
        exact = piece.startswith("=")
        weight: float | None
        if exact:
            weight, piece = 1.0, piece[1:]
        elif match := WEIGHT.match(piece):
            weight, piece = _weight(match.group(1)), piece[match.end() :]
        else:
            weight = 0.0
        answer, _, feedback = piece.partition("#")
        question.answers.append(
            Answer(_text_with_format(answer), _text_with_format(feedback) if feedback.strip() else None, weight, exact)
        )


def _read_pairs(question: GiftQuestion, answer_text: str, line: int) -> None:
    pieces = answer_text.split("=")
    if pieces and not pieces[0].strip():
        pieces.pop(0)
    if len(pieces) < 2:
        raise _BlockError(line, "a matching question needs at least two pairs")
    for piece in pieces:
        if "->" not in piece:
            raise _BlockError(line, f"a matching answer without '->': '{_restore(piece).strip()}'")
        item, _, match = piece.partition("->")
        question.pairs.append(Pair(_text_with_format(item), _restore(match).strip()))


def _weight(value: str) -> float:
    negative = value.startswith("-")
    number = float(value.lstrip("-") or 0) / 100
    return -number if negative else number


def _text_with_format(text: str) -> Text:
    """A piece of text with its optional leading `[format]`, escapes resolved, trimmed."""
    text = text.strip()
    fmt = None
    if text.startswith("["):
        end = text.find("]")
        if end != -1 and text[1:end] in FORMATS:
            fmt, text = text[1:end], text[end + 1 :]
    return Text(_restore(text).strip(), fmt)


def _protect(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace(_BACKSLASH, "\\")


def _restore(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text
