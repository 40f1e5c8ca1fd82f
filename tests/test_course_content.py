"""The bundled course: complete, quizzed, plain, and kind in its words."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from conftest import ROOT
from generator import readability
from generator.checks import SourcePaths, load_course_or_raise

COURSE = load_course_or_raise(SourcePaths.under(ROOT))
LESSONS = COURSE.ordered_lessons()
PATIENT_LESSONS = [lesson for lesson in LESSONS if "patient" in lesson.audience]


def test_at_least_twelve_lessons_of_five_to_ten_minutes_in_five_modules() -> None:
    assert len(PATIENT_LESSONS) >= 12
    assert all(5 <= lesson.minutes <= 10 for lesson in LESSONS), [(l.id, l.minutes) for l in LESSONS if not 5 <= l.minutes <= 10]
    modules = [module.id for module in COURSE.modules()]
    assert modules == ["getting-to-know", "meetings", "finding-your-fit", "treatment-to-community", "for-clinicians"]
    assert all(COURSE.lessons_of(module) for module in modules)
    assert all(lesson.audience == ["clinician"] for lesson in COURSE.lessons_of("for-clinicians"))


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_every_lesson_has_a_quiz_that_checks_every_objective(lesson) -> None:
    quiz = COURSE.quizzes.get(lesson.id)
    assert quiz is not None, f"{lesson.id} has no quiz"
    assert len(quiz.questions) >= 5
    assert {question.objective for question in quiz.questions} == set(lesson.objectives)
    assert all(question.review in lesson.anchors for question in quiz.questions)
    assert 2 <= len(lesson.objectives) <= 4 and lesson.key_points and lesson.actions and lesson.references
    assert lesson.clinician_notes and lesson.clinician_notes.prompts


def test_each_module_uses_at_least_three_question_types_and_the_course_all_five() -> None:
    types: dict[str, set[str]] = defaultdict(set)
    for lesson in LESSONS:
        types[lesson.module] |= {question.type for question in COURSE.quizzes[lesson.id].questions}
    assert all(len(found) >= 3 for found in types.values()), dict(types)
    assert set().union(*types.values()) == {"single", "multiple", "true_false", "matching", "ordering"}


@pytest.mark.parametrize("lesson", PATIENT_LESSONS, ids=[lesson.id for lesson in PATIENT_LESSONS])
def test_patient_lessons_read_at_grade_eight_or_lower(lesson) -> None:
    assert readability.grade(lesson.body) <= 8.0


# Labels the course never puts on a reader; the fellowships' own names are fine.
LABELS = re.compile(r"\b(addicts?|alcoholics?|junkies?|drunks?|clean and dirty)\b", re.IGNORECASE)
ALLOWED = re.compile(r"Alcoholics Anonymous|group of drunks|\"[^\"]*\"|'[^']*'|“[^”]*”", re.IGNORECASE)


@pytest.mark.parametrize("lesson", PATIENT_LESSONS, ids=[lesson.id for lesson in PATIENT_LESSONS])
def test_person_first_words_and_no_shaming(lesson) -> None:
    quiz = COURSE.quizzes[lesson.id]
    text = ALLOWED.sub("", lesson.body + " ".join(lesson.key_points + lesson.actions) + quiz.path.read_text())
    assert not LABELS.findall(text)
    assert not re.search(r"\b(wrong|incorrect|fail(ed|ure)?)\b", quiz.path.read_text(), re.IGNORECASE)
    assert not re.search(r"\b(will cure|cures you|guarantee[sd]?|will keep you sober)\b", lesson.body, re.IGNORECASE)


def test_glossary_covers_the_course_terms() -> None:
    terms = {term.casefold() for lesson in LESSONS for term in lesson.glossary}
    for needed in ["sponsor", "home group", "open meeting", "closed meeting", "higher power", "sobriety", "relapse",
                   "step work", "chip or key tag", "fellowship", "mutual help"]:
        assert needed in terms, needed


def test_crisis_lines_are_on_every_built_page(tmp_path) -> None:
    import subprocess
    import sys

    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=ROOT,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) >= 30
    for page in pages:
        html = page.read_text()
        title = "Obtenga ayuda ahora" if page.relative_to(site).parts[0] == "es" else "Get help now"  # the Spanish tree
        assert title in html and "988" in html and "1-800-662-4357" in html, page
    home = (site / "index.html").read_text()
    assert "does not replace" in home and "minutes in all" in home
