"""What both question-bank exports (GIFT, Moodle XML) take from the course: quizzes in course order,
each with its category path, and the note for a question a format cannot hold."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem
from ..model import CourseContent, Lesson, Module, Quiz

# Moodle makes one category per path segment under the course's question bank.
COURSE_CATEGORY = "$course$"


@dataclass(frozen=True)
class BankQuiz:
    module: Module
    lesson: Lesson
    quiz: Quiz
    category: list[str]  # segment names, e.g. [course title, module title, lesson title]


@dataclass(frozen=True)
class BankExport:
    text: str
    notes: list[Problem]  # a question left out, at its line
    remarks: list[str]  # what the format changes for the whole bank


def bank_quizzes(content: CourseContent) -> list[BankQuiz]:
    """Every quiz in the order of the course, with a category per module and lesson."""
    found = []
    for module in content.modules():
        for lesson in content.lessons_of(module.id):
            quiz = content.quizzes.get(lesson.id)
            if quiz is not None:
                found.append(BankQuiz(module, lesson, quiz, [content.course.title, module.title, lesson.title]))
    return found


def category_path(segments: list[str]) -> str:
    """`$course$/A/B`: Moodle's category path, where a '/' inside a name is written '//'."""
    return "/".join([COURSE_CATEGORY, *(segment.replace("/", "//") for segment in segments)])


def left_out(quiz: Quiz, index: int, why: str) -> Problem:
    question = quiz.questions[index]
    return Problem(quiz.path, quiz.line_of("questions", index), f"left out question '{question.id}': {why}", "warning")
