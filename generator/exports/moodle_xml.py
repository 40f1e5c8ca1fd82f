"""A Moodle XML question bank of every quiz, one category per module and lesson.

Moodle XML holds all five question types: `multichoice` (single: true or false), `truefalse`,
`matching` and `ordering` (Moodle's Ordering question type, qtype_ordering). Texts are HTML made by
the same inline-Markdown renderer as the site's quizzes. Moodle's matching question has no feedback
per pair, so each pair's feedback is listed in the general feedback, after the explanation.
A reflective question (no right answer, never scored) is left out, with a note.
"""

from __future__ import annotations

from lxml import etree

from ..model import CourseContent, Matching
from ..render import inline_markdown
from ..errors import Problem
from .bank import BankExport, bank_quizzes, category_path, left_out
from .templating import templates


def html(text: str) -> str:
    """Author text as the HTML the site shows, as a plain string, so the XML template escapes it."""
    return str(inline_markdown(text))


def matching_feedback(question: Matching) -> str:
    """The explanation, then each pair's feedback, as HTML (a plain string, escaped by the XML template)."""
    env = templates(autoescape=True)
    env.filters["inline"] = inline_markdown
    return env.get_template("matching-feedback.html.j2").render(question=question).strip()


def fraction(correct: int) -> str:
    """Moodle's grade for each of `correct` right answers of a multiple-select question (100, 50, 33.33333...)."""
    return f"{100 / correct:.7g}"


def export_bank(content: CourseContent) -> BankExport:
    notes: list[Problem] = []
    sections = []
    for entry in bank_quizzes(content):
        questions = []
        for index, question in enumerate(entry.quiz.questions):
            if question.type == "reflective":
                notes.append(left_out(entry.quiz, index, "a reflective question has no right answer and is never scored"))
            else:
                questions.append(question)
        sections.append({
            "entry": entry,
            "questions": questions,
            "module_category": category_path(entry.category[:2]),
            "lesson_category": category_path(entry.category),
        })
    env = templates(autoescape=True)
    env.filters.update(html=html, fraction=fraction, matching_feedback=matching_feedback)
    text = env.get_template("bank.moodle.xml.j2").render(title=content.course.title, sections=sections)
    # The template escapes every value; parsing the result proves the file is well-formed XML.
    etree.fromstring(text.encode("utf-8"))
    return BankExport(text, notes, [])
