"""Author checks beyond the schema: reading level, quiz coverage, references, review dates, and the
parts of the AHRQ PEMAT (understandability and actionability) that a machine can check.

Each check is a small function `(lesson, context) -> problems`; `audit_course` runs them all.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from . import readability
from .errors import Problem
from .model import CourseContent, Lesson, Quiz

PATIENT_FACING = ("patient", "family")

# Words that need explaining to a lay reader. A lesson may use one if the course glossary defines it.
DEFAULT_JARGON = (
    "abstinence", "abstinent", "comorbidity", "efficacy", "self-efficacy", "pharmacotherapy",
    "detoxification", "relapse", "sobriety", "mutual help", "mutual-help", "fellowship", "sponsor",
    "sponsorship", "home group", "higher power", "step work", "anonymity", "intergroup",
)


@dataclass(frozen=True)
class AuditSettings:
    """Thresholds a program may set in the `course` plugin options of mkdocs.yml."""

    reading_grade_max: float = 8.0
    reading_audiences: tuple[str, ...] = PATIENT_FACING
    review_months: int = 12
    jargon: tuple[str, ...] = DEFAULT_JARGON
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class LessonReport:
    """What the audit measured for one lesson, shown in `check` and on the catalogue."""

    lesson: Lesson
    grade: float
    smog: float
    problems: list[Problem] = field(default_factory=list)


def audit_course(content: CourseContent, settings: AuditSettings, workers: int = 1) -> list[LessonReport]:
    glossary = {term.casefold() for lesson in content.lessons for term in lesson.glossary}
    reports = []
    ordered = content.ordered_lessons()
    for lesson, found in zip(ordered, readability.levels([lesson.body for lesson in ordered], workers)):
        report = LessonReport(lesson, found.grade, found.smog)
        quiz = content.quizzes.get(lesson.id)
        for check in LESSON_CHECKS:
            rule = check.__name__.removeprefix("check_")
            report.problems.extend(replace(p, rule=rule) for p in check(lesson, quiz, report, settings, glossary))
        reports.append(report)
    return reports


Check = Callable[[Lesson, "Quiz | None", LessonReport, AuditSettings, set[str]], Iterator[Problem]]


def _warning(lesson: Lesson, line: int | None, message: str) -> Problem:
    return Problem(lesson.path, line, message, "warning")


def _is_patient_facing(lesson: Lesson, settings: AuditSettings) -> bool:
    return any(audience in settings.reading_audiences for audience in lesson.audience)


def _body_lines(lesson: Lesson) -> Iterator[tuple[int, str]]:
    """(source line, text) of each body line outside code fences."""
    in_fence, first = False, lesson.body_line
    for offset, line in enumerate(lesson.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield first + offset, line


# ---------------------------------------------------------------- checks


def check_reading_level(lesson: Lesson, quiz: Quiz | None, report: LessonReport, settings: AuditSettings, glossary: set[str]) -> Iterator[Problem]:
    if not _is_patient_facing(lesson, settings) or report.grade <= settings.reading_grade_max:
        return
    line, hardest = _hardest_paragraph(lesson)
    yield Problem(
        lesson.path, line,
        f"reading level is grade {report.grade:.1f} (Flesch-Kincaid; SMOG {report.smog:.1f}), above the limit of "
        f"{settings.reading_grade_max:.1f} for {'/'.join(settings.reading_audiences)} lessons; the hardest paragraph "
        f"starts here (grade {hardest:.1f}): use shorter sentences and everyday words",
    )


def _hardest_paragraph(lesson: Lesson) -> tuple[int, float]:
    paragraphs: list[tuple[int, list[str]]] = []
    for line, text in _body_lines(lesson):
        if not text.strip() or text.lstrip().startswith("#"):
            paragraphs.append((line + 1, []))
        elif paragraphs:
            paragraphs[-1][1].append(text)
        else:
            paragraphs.append((line, [text]))
    scored = [(readability.grade("\n".join(text)), line) for line, text in paragraphs if len(" ".join(text).split()) >= 8]
    if not scored:
        return lesson.body_line, 0.0
    grade, line = max(scored)
    return line, grade


def check_quiz_coverage(lesson: Lesson, quiz: Quiz | None, report: LessonReport, settings: AuditSettings, glossary: set[str]) -> Iterator[Problem]:
    if quiz is None:
        yield _warning(lesson, lesson.line_of("id"), f"lesson '{lesson.id}' has no quiz: add quizzes/{lesson.id}.yml "
                       f"(python -m generator new lesson scaffolds one)")
        return
    checked = {question.objective for question in quiz.questions if question.type != "reflective"}
    for objective in lesson.objectives:
        if objective not in checked:
            yield _warning(lesson, lesson.line_of("objectives"),
                           f"objective '{objective}' is not checked by any quiz question: add a question with "
                           f"'objective: {objective}' to {quiz.path.name}")


def check_references(lesson: Lesson, quiz: Quiz | None, report: LessonReport, settings: AuditSettings, glossary: set[str]) -> Iterator[Problem]:
    for index, reference in enumerate(lesson.references):
        if reference.url:
            continue
        # A full citation names at least an author or body, a title and a publisher, journal or year.
        parts = [p for p in re.split(r"[.;,]\s", reference.citation + " ") if p.strip()]
        if len(parts) < 3:
            yield _warning(lesson, lesson.line_of("references"),
                           f"reference {index + 1} ('{reference.citation[:40]}') cannot be traced: give a URL or a full "
                           f"citation (authors, title, publisher or journal, year)")


def check_review_date(lesson: Lesson, quiz: Quiz | None, report: LessonReport, settings: AuditSettings, glossary: set[str]) -> Iterator[Problem]:
    reviewed = lesson.reviewed.date
    months = (settings.today.year - reviewed.year) * 12 + settings.today.month - reviewed.month
    if settings.today.day < reviewed.day:
        months -= 1
    if reviewed > settings.today:
        yield _warning(lesson, lesson.line_of("reviewed", "date"), f"'reviewed' date {reviewed} is in the future: use the date of the last review")
    elif months >= settings.review_months:
        yield _warning(lesson, lesson.line_of("reviewed", "date"),
                       f"last reviewed {reviewed}, more than {settings.review_months} months ago: have a clinician "
                       f"review the lesson and update 'reviewed'")


IMAGE_ALT = re.compile(r"!\[([^\]]*)\]\(")
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HAS_ALT = re.compile(r'\balt\s*=\s*"[^"]+"')
TABLE_TAG = re.compile(r"<table\b", re.IGNORECASE)
EMPTY_HEADER = re.compile(r"\s*\|(\s*\|)+\s*$")


def check_structure(lesson: Lesson, quiz: Quiz | None, report: LessonReport, settings: AuditSettings, glossary: set[str]) -> Iterator[Problem]:
    """The PEMAT items a machine can check: headings, summary, actions, 'you', images, tables."""
    lines = list(_body_lines(lesson))
    if not any(re.match(r"#{2,6}\s", text) for _, text in lines):
        yield _warning(lesson, lesson.body_line, "no section headings: break the lesson into parts with '## ' headings (PEMAT: chunking)")
    if not lesson.key_points:
        yield _warning(lesson, lesson.line_of("key_points") or 1, "no key points: add 'key_points', a short summary of the lesson (PEMAT: summary)")
    if not lesson.actions:
        yield _warning(lesson, lesson.line_of("actions") or 1,
                       "no 'What you can do' action: add 'actions' with at least one concrete step (PEMAT: actionability)")
    if _is_patient_facing(lesson, settings) and not re.search(r"\byou(r|rs|rself)?\b", lesson.body, re.IGNORECASE):
        yield _warning(lesson, lesson.body_line, "the lesson never speaks to the reader as 'you': address the reader directly (PEMAT: style)")
    for line, text in lines:
        # Most lines hold none of these: a substring test passes them over before any pattern runs.
        if "![" in text:
            for alt in IMAGE_ALT.findall(text):
                if not alt.strip():
                    yield _warning(lesson, line, "an image has no alt text: describe it inside ![...] for readers who cannot see it")
        if "<" in text:
            for tag in IMG_TAG.findall(text):
                if not HAS_ALT.search(tag):
                    yield _warning(lesson, line, "an <img> has no alt text: add alt=\"...\" describing the image")
            if TABLE_TAG.search(text) and "<th" not in lesson.body.lower():
                yield _warning(lesson, line, "an HTML table has no header cells (<th>): give every column a header")
        if "|" in text and EMPTY_HEADER.match(text):
            yield _warning(lesson, line, "a table has an empty header row: give every column a header")
    if _is_patient_facing(lesson, settings):
        yield from _unexplained_jargon(lesson, lines, settings, glossary)


def _unexplained_jargon(lesson: Lesson, lines: list[tuple[int, str]], settings: AuditSettings, glossary: set[str]) -> Iterator[Problem]:
    terms = tuple(term for term in settings.jargon if term.casefold() not in glossary)
    if not terms:
        return
    any_term, each = _jargon_patterns(terms)
    reported: set[str] = set()
    for line, text in lines:
        if text.lstrip().startswith("#") or not any_term.search(text):
            continue
        for term in terms:
            if term not in reported and each[term].search(text):
                reported.add(term)
                yield _warning(lesson, line, f"'{term}' may be new to readers and no lesson's glossary explains it: "
                               f"add it to 'glossary' with a plain definition (PEMAT: medical terms defined)")


@functools.lru_cache(maxsize=16)
def _jargon_patterns(terms: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """A pattern for each term, and one for any of them: most lines have none, and are passed over at once."""
    each = {term: re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE) for term in terms}
    return re.compile("|".join(pattern.pattern for pattern in each.values()), re.IGNORECASE), each


LESSON_CHECKS: tuple[Check, ...] = (
    check_reading_level,
    check_quiz_coverage,
    check_references,
    check_review_date,
    check_structure,
)
