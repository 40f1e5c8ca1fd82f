"""A GIFT question bank (Moodle's plain-text format) of every quiz, one category per module and lesson.

GIFT holds single choice, multiple select, true/false and matching questions. It has no ordering
question, so those are left out and reported, as are reflective questions (never scored). What GIFT has no place for (the objective and the
section to re-read of every question, the feedback of each matching pair) is kept in a comment line
`// course: {json}` above the question: Moodle skips comments, and `import gift` reads it back, so an
export imported again gives the same quiz.

Escaping follows Moodle's GIFT writer: `\\ ~ = # { } :` get a backslash and a line break becomes `\\n`,
so a question never spans a blank line (which would end it).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import Problem
from ..model import CourseContent, Matching, Ordering, Question
from .bank import BankExport, bank_quizzes, category_path, left_out
from .templating import templates

GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")
# Moodle reads these at the start of an answer as a weight (`%50%`) or a text format (`[html]`).
LOOKS_LIKE_MARKUP = re.compile(r"^(\[|%-*[0-9])")
META_PREFIX = "course:"


def escape(text: str) -> str:
    """Text as GIFT writes it: control characters escaped, line breaks as `\\n`."""
    return GIFT_SPECIAL.sub(r"\\\1", text).replace("\r", "").replace("\n", "\\n")


def escape_text(text: str) -> str:
    """Escaped text that Moodle will not take for a weight or a format marker at its start."""
    escaped = escape(text)
    return f"[markdown]{escaped}" if LOOKS_LIKE_MARKUP.match(escaped) else escaped


def weight(correct: int) -> str:
    """Moodle's grade for each of `correct` right answers of a multiple-select question (100, 50, 33.33333...)."""
    return f"{100 / correct:.7g}"


def question_meta(question: Question) -> str:
    """The comment line that keeps what GIFT cannot hold."""
    meta: dict[str, Any] = {"objective": question.objective, "review": question.review}
    if isinstance(question, Matching):
        meta["pair_feedback"] = [pair.feedback for pair in question.pairs]
    return json.dumps(meta, ensure_ascii=False)


def export_bank(content: CourseContent) -> BankExport:
    """The GIFT text of the whole course, with a note for each question it leaves out."""
    notes: list[Problem] = []
    remarks: list[str] = []
    sections = []
    matching = 0
    for entry in bank_quizzes(content):
        questions = []
        for index, question in enumerate(entry.quiz.questions):
            if question.type == "reflective":
                notes.append(left_out(entry.quiz, index, "a reflective question has no right answer and is never scored"))
                continue
            if isinstance(question, Ordering):
                notes.append(left_out(entry.quiz, index, "GIFT has no ordering question (moodle-xml has one)"))
                continue
            if isinstance(question, Matching) and any("->" in pair.item for pair in question.pairs):
                notes.append(left_out(entry.quiz, index, "a matching item contains '->', which GIFT cannot escape"))
                continue
            matching += isinstance(question, Matching)
            questions.append(question)
        meta = json.dumps({"lesson": entry.lesson.id, "pass_mark": entry.quiz.pass_mark}, ensure_ascii=False)
        sections.append({"category": category_path(entry.category), "meta": meta, "questions": questions})
    if matching:
        remarks.append(
            f"{matching} matching question(s): GIFT has no feedback per pair, so Moodle shows only the explanation "
            "(the pair feedback stays in a comment line, for `import gift`)"
        )
    env = templates(autoescape=False)
    env.filters.update(gift=escape, gift_text=escape_text, weight=weight, meta=question_meta)
    text = env.get_template("bank.gift.j2").render(title=content.course.title, sections=sections, meta_prefix=META_PREFIX)
    return BankExport(text, notes, remarks)
