"""Read every source and check what no single file can: ids, references between files, anchors.

`load_course` is the one entry point the plugin and the command line share.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import links, sources
from .errors import CourseError, Problem
from .model import Course, CourseContent, Lesson, Quiz


@dataclass(frozen=True)
class SourcePaths:
    """Where the course sources live; relative paths are taken from the project root."""

    root: Path
    lessons_dir: Path
    quizzes_dir: Path
    course_file: Path

    @classmethod
    def under(cls, root: Path, lessons: str = "lessons", quizzes: str = "quizzes", course: str | None = None) -> SourcePaths:
        root = root.resolve()
        lessons_dir = root / lessons
        return cls(root, lessons_dir, root / quizzes, root / course if course else lessons_dir / "course.yml")


def load_course(paths: SourcePaths) -> tuple[CourseContent | None, list[Problem]]:
    """Read and check the whole course. Returns the content (None on any error) and every problem."""
    problems: list[Problem] = []

    course, found = (None, [Problem(paths.course_file, None, "the course file is missing: create it with the course title, summary and modules")])
    if paths.course_file.is_file():
        course, found = sources.load_course_file(paths.course_file)
    problems += found

    lessons: list[Lesson] = []
    broken_ids: set[str] = set()  # lessons that exist but failed validation
    if not paths.lessons_dir.is_dir():
        problems.append(Problem(paths.lessons_dir, None, "the lessons folder is missing"))
    else:
        files = sources.lesson_files(paths.lessons_dir)
        if not files:
            problems.append(Problem(paths.lessons_dir, None, "no lessons found: add a Markdown file (.md) with front matter"))
        for path in files:
            lesson, found, declared_id = sources.load_lesson(path)
            problems += found
            if lesson is not None:
                lessons.append(lesson)
            else:
                # An unreadable lesson's id is most likely its file name; its quiz is then not reported too.
                broken_ids.add(declared_id or path.stem)

    quizzes: list[Quiz] = []
    quiz_texts: dict[Path, str] = {}  # as read, for the link check: no second read of each file
    if paths.quizzes_dir.is_dir():
        for path in sources.quiz_files(paths.quizzes_dir):
            quiz, found, document = sources.load_quiz(path)
            problems += found
            if quiz is not None and document is not None:
                quizzes.append(quiz)
                quiz_texts[path] = document.text
    sources.flush_parsed()  # every file is read: what was parsed is kept for the next run

    lessons_by_id = _unique_lessons(lessons, problems)
    if course is not None:
        module_ids = {m.id for m in course.modules}
        _duplicates([m.id for m in course.modules], paths.course_file, "module id", problems)
        for lesson in lessons:
            if lesson.module not in module_ids:
                problems.append(
                    Problem(lesson.path, lesson.line_of("module"),
                            f"'module': no module '{lesson.module}' in the course file; use one of: {', '.join(sorted(module_ids))}")
                )
    if course is not None:
        problems += _check_sets(course, paths.course_file, lessons_by_id, broken_ids)
    for lesson in lessons:
        problems += _check_lesson_links(lesson, lessons_by_id, broken_ids)
    for quiz in quizzes:
        problems += _check_quiz_links(quiz, quiz_texts[quiz.path])
    quizzes_by_lesson = _check_quizzes([q for q in quizzes if q.lesson not in broken_ids], lessons_by_id, problems)

    if course is None or any(p.severity == "error" for p in problems):
        return None, problems
    return CourseContent(course=course, lessons=lessons, quizzes=quizzes_by_lesson), problems


def load_course_or_raise(paths: SourcePaths) -> CourseContent:
    content, problems = load_course(paths)
    if content is None:
        raise CourseError(problems, root=paths.root)
    return content


def _check_sets(course: Course, path: Path, lessons: dict[str, Lesson], broken_ids: set[str]) -> list[Problem]:
    """Ready-made assignment sets name lessons that exist, each once; set ids are unique."""
    problems: list[Problem] = []
    _duplicates([s.id for s in course.sets], path, "set id", problems)
    for index, lesson_set in enumerate(course.sets):
        seen: set[str] = set()
        for position, lesson_id in enumerate(lesson_set.lessons):
            line = course.line_of("sets", index, "lessons", position) or course.line_of("sets", index, "lessons")
            if lesson_id in seen:
                problems.append(Problem(path, line, f"set '{lesson_set.id}': lesson '{lesson_id}' is listed twice; keep one"))
            elif lesson_id not in lessons and lesson_id not in broken_ids:
                problems.append(Problem(path, line, f"set '{lesson_set.id}': no lesson with id '{lesson_id}'; check the id in the lesson's front matter"))
            seen.add(lesson_id)
    return problems


def _check_lesson_links(lesson: Lesson, lessons: dict[str, Lesson], broken_ids: set[str]) -> list[Problem]:
    problems, first = [], lesson.body_line
    for offset, line in enumerate(lesson.body.split("\n")):
        number = first + offset
        for url in links.unsafe_targets(line):
            problems.append(Problem(lesson.path, number, f"unsafe link '{url[:40]}': links may not run code (javascript:, data: and the like); use an https:// address"))
        for target_id, anchor in links.LESSON_LINK.findall(line) if "](lesson:" in line else ():
            target = lessons.get(target_id)
            if target is None and target_id not in broken_ids:
                problems.append(Problem(lesson.path, number, f"link to lesson '{target_id}', which does not exist; check the id (lesson:ID or lesson:ID#section)"))
            elif target is not None and anchor and anchor not in target.anchors:
                problems.append(Problem(lesson.path, number, f"link to section '{anchor}' of lesson '{target_id}', which has no such section; sections are: {', '.join(target.anchors)}"))
    return problems


def _check_quiz_links(quiz: Quiz, text: str) -> list[Problem]:
    problems: list[Problem] = []
    if "](" not in text and "=" not in text:  # no Markdown link and no HTML attribute: nothing to look at
        return problems
    for number, line in enumerate(text.split("\n"), start=1):
        for url in links.unsafe_targets(line):
            problems.append(Problem(quiz.path, number, f"unsafe link '{url[:40]}': links may not run code (javascript:, data: and the like); use an https:// address"))
    return problems


def _duplicates(ids: list[str], path: Path, what: str, problems: list[Problem]) -> None:
    for value, count in Counter(ids).items():
        if count > 1:
            problems.append(Problem(path, None, f"{what} '{value}' is used {count} times; ids must be unique"))


def _unique_lessons(lessons: list[Lesson], problems: list[Problem]) -> dict[str, Lesson]:
    by_id: dict[str, Lesson] = {}
    for lesson in lessons:
        first = by_id.get(lesson.id)
        if first is not None:
            problems.append(
                Problem(lesson.path, lesson.line_of("id"),
                        f"lesson id '{lesson.id}' is already used by {first.path.name}; give each lesson its own id")
            )
            continue
        by_id[lesson.id] = lesson
    return by_id


def _check_quizzes(quizzes: list[Quiz], lessons: dict[str, Lesson], problems: list[Problem]) -> dict[str, Quiz]:
    by_lesson: dict[str, Quiz] = {}
    for quiz in quizzes:
        lesson = lessons.get(quiz.lesson)
        if lesson is None:
            problems.append(
                Problem(quiz.path, quiz.line_of("lesson"),
                        f"'lesson': no lesson with id '{quiz.lesson}'; check the id in the lesson's front matter")
            )
            continue
        if quiz.lesson in by_lesson:
            problems.append(
                Problem(quiz.path, quiz.line_of("lesson"),
                        f"lesson '{quiz.lesson}' already has a quiz in {by_lesson[quiz.lesson].path.name}; merge them into one file")
            )
            continue
        by_lesson[quiz.lesson] = quiz
        if all(question.type == "reflective" for question in quiz.questions):
            problems.append(Problem(quiz.path, quiz.line_of("questions"),
                                    "every question is reflective, so there is nothing to score: add at least one other question"))
        seen: set[str] = set()
        for index, question in enumerate(quiz.questions):
            if question.id in seen:
                problems.append(Problem(quiz.path, quiz.line_of("questions", index, "id"), f"question id '{question.id}' is used twice in this quiz; ids must be unique"))
            seen.add(question.id)
            if question.type == "reflective":
                continue  # no objective or section: it asks how the patient feels
            if question.objective not in lesson.objectives:
                problems.append(
                    Problem(quiz.path, quiz.line_of("questions", index, "objective"),
                            f"question '{question.id}': 'objective' '{question.objective}' is not an objective of lesson "
                            f"'{lesson.id}'; use one of: {', '.join(lesson.objectives)}")
                )
            if question.review not in lesson.anchors:
                known = ", ".join(lesson.anchors) or "none: add '## ' headings to the lesson"
                problems.append(
                    Problem(quiz.path, quiz.line_of("questions", index, "review"),
                            f"question '{question.id}': 'review' anchor '{question.review}' is not a section of lesson "
                            f"'{lesson.id}'; sections are: {known}")
                )
    return by_lesson

