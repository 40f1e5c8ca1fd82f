"""Languages: interface messages from catalogues, and translated sources beside the originals.

A translation lives in a language folder (`lessons/es/<module>/<id>.md`, `quizzes/es/<id>.yml`,
`lessons/es/course.yml`) with the same ids as the source. The course of a language is the source
course with every translated lesson and quiz swapped in; a lesson without a translation stays in the
source language and is marked as a fallback, so the page can say so.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from .checks import SourcePaths, load_course
from .errors import Problem
from .fingerprint import fingerprint
from .model import CourseContent, Lesson
from .sources import FAST_LOADER

SOURCE_LANGUAGE = "en"


def catalogue(language: str, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Interface messages for a language: the shipped catalogue over English, then a program's overrides."""
    messages = _shipped(SOURCE_LANGUAGE)
    if language != SOURCE_LANGUAGE:
        messages.update(_shipped(language))
    messages.update(overrides or {})
    return messages


@functools.cache
def _shipped_messages(language: str) -> tuple[tuple[str, str], ...]:
    path = resources.files("generator") / "messages" / f"{language}.yml"
    if not path.is_file():
        return ()
    found = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER) or {}  # our own file: libyaml
    return tuple((str(k), str(v)) for k, v in found.items())


def _shipped(language: str) -> dict[str, str]:
    """A shipped catalogue, read once per process (serve rebuilds and translated trees ask again)."""
    return dict(_shipped_messages(language))


def shipped_languages() -> list[str]:
    folder = resources.files("generator") / "messages"
    return sorted(p.name.removesuffix(".yml") for p in folder.iterdir() if p.name.endswith(".yml"))


@dataclass
class LanguageCourse:
    """The course in one language, with the lessons that fell back to the source language."""

    language: str
    content: CourseContent
    fallback: set[str] = field(default_factory=set)  # lesson ids shown untranslated


def translation_paths(source: SourcePaths, language: str) -> SourcePaths:
    course_file = source.lessons_dir / language / "course.yml"
    return SourcePaths(
        source.root,
        source.lessons_dir / language,
        source.quizzes_dir / language,
        course_file if course_file.is_file() else source.course_file,
    )


def load_language(source: CourseContent, paths: SourcePaths, language: str) -> tuple[LanguageCourse | None, list[Problem]]:
    """The course in `language`: translations where they exist, the source lesson (marked) where not."""
    translated_paths = translation_paths(paths, language)
    if not translated_paths.lessons_dir.is_dir():
        return LanguageCourse(language, source, {lesson.id for lesson in source.lessons}), []
    translated, problems = load_course(translated_paths)
    problems = [p for p in problems if not p.message.startswith("no lessons found")]
    if translated is None:
        return None, problems
    by_id = {lesson.id: lesson for lesson in translated.lessons}
    for lesson in translated.lessons:
        if lesson.id not in {l.id for l in source.lessons}:
            problems.append(Problem(lesson.path, lesson.line_of("id"), f"translation of lesson '{lesson.id}', which the course does not have; check the id or remove the file"))
    lessons: list[Lesson] = []
    quizzes = {}
    fallback = set()
    for lesson in source.lessons:
        if lesson.id in by_id:
            lessons.append(by_id[lesson.id])
            quizzes_source = translated.quizzes if lesson.id in translated.quizzes else source.quizzes
        else:
            lessons.append(lesson)
            fallback.add(lesson.id)
            quizzes_source = source.quizzes
        if lesson.id in quizzes_source:
            quizzes[lesson.id] = quizzes_source[lesson.id]
    content = CourseContent(course=translated.course, lessons=lessons, quizzes=quizzes)
    return LanguageCourse(language, content, fallback), problems


def translation_problems(source: CourseContent, translated: LanguageCourse, audiences: tuple[str, ...]) -> list[Problem]:
    """Warnings for missing and outdated translations of the lessons a language is meant to cover."""
    problems = []
    for lesson in source.ordered_lessons():
        if not any(audience in audiences for audience in lesson.audience):
            continue
        if lesson.id in translated.fallback:
            problems.append(Problem(lesson.path, None, f"no {translated.language} translation: add "
                                    f"{lesson.path.parent.name}/{lesson.path.name} under lessons/{translated.language}/", "warning", "translations"))
            continue
        pairs = [(lesson, next(l for l in translated.content.lessons if l.id == lesson.id))]
        quiz, translated_quiz = source.quizzes.get(lesson.id), translated.content.quizzes.get(lesson.id)
        if quiz is not None and translated_quiz is not None and translated_quiz is not quiz:
            pairs.append((quiz, translated_quiz))
        elif quiz is not None:
            problems.append(Problem(quiz.path, None, f"no {translated.language} translation of this quiz: add quizzes/{translated.language}/{quiz.path.name}", "warning", "translations"))
        for original, translation in pairs:
            current = fingerprint(original.path)
            if translation.translated_from != current:
                was = translation.translated_from or "none"
                problems.append(Problem(translation.path, translation.line_of("translated_from") or 1,
                                        f"outdated translation: {original.path.name} changed since it was translated "
                                        f"(translated_from: {was}, now {current}); update the text, then set translated_from: {current}",
                                        "warning", "translations"))
    return problems
