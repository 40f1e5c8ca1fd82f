"""Synthetic courses of any size, made from the bundled lessons: each lesson copied, renamed and varied,
each with a quiz of a fixed number of questions, all valid for `python -m generator check`."""

from __future__ import annotations

import copy
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.links import LESSON_LINK
from generator.sources import read_text, split_front_matter

from projects import copy_named_files, course_options, read_config, write_config

LESSONS_PER_MODULE = 20


@dataclass(frozen=True)
class BaseLesson:
    front: dict[str, Any]
    body: str
    quiz: dict[str, Any] | None


def bundled_lessons(project: Path) -> list[BaseLesson]:
    """The lessons of a course project (translations left out), in course order, with their quizzes."""
    from generator.checks import SourcePaths, load_course_or_raise

    options = course_options(read_config(project))
    paths = SourcePaths.under(project, options.get("lessons_dir", "lessons"), options.get("quizzes_dir", "quizzes"), options.get("course_file"))
    content = load_course_or_raise(paths)
    lessons = []
    for lesson in content.ordered_lessons():
        front, _, _ = split_front_matter(read_text(lesson.path), lesson.path)
        quiz = content.quizzes.get(lesson.id)
        quiz_data = yaml.safe_load(read_text(quiz.path)) if quiz else None
        lessons.append(BaseLesson(yaml.safe_load(front), lesson.body, quiz_data))
    return lessons


def synthetic_course(project: Path, target: Path, size: int, questions: int = 10) -> Path:
    """A copy of `project` whose course has `size` lessons, each with a `questions`-question quiz."""
    bases = bundled_lessons(project)
    if size < len(bases):
        raise ValueError(f"a synthetic course needs at least {len(bases)} lessons, one copy of each bundled lesson")
    config = read_config(project)
    options = course_options(config)
    options.pop("course_file", None)  # the synthetic course file goes where the generator looks by default
    lessons_dir = target / options.get("lessons_dir", "lessons")
    quizzes_dir = target / options.get("quizzes_dir", "quizzes")
    docs = config.get("docs_dir", "docs")
    lessons_dir.mkdir(parents=True)
    quizzes_dir.mkdir(parents=True)
    shutil.copytree(project / docs, target / docs)
    copy_named_files(project, target, config)
    write_config(target, config)

    modules = []
    for number in range((size + LESSONS_PER_MODULE - 1) // LESSONS_PER_MODULE):
        modules.append({"id": f"module-{number + 1:03d}", "title": f"Part {number + 1} of the course",
                        "summary": "Lessons copied from the bundled course, to measure how the build grows.",
                        "order": number + 1})
    course = {"title": f"Synthetic course of {size} lessons", "summary": "Made by the bench from the bundled lessons.", "modules": modules}
    (lessons_dir / "course.yml").write_text(yaml.safe_dump(course, sort_keys=False, allow_unicode=True), encoding="utf-8")

    ids = [f"{bases[i % len(bases)].front['id']}-{i // len(bases)}" for i in range(size)]
    known = set(ids)
    for index, lesson_id in enumerate(ids):
        base, copy_number = bases[index % len(bases)], index // len(bases)
        module = modules[index // LESSONS_PER_MODULE]["id"]
        front = dict(base.front, id=lesson_id, module=module, order=index % LESSONS_PER_MODULE,
                     title=f"{base.front['title']} ({copy_number + 1})")
        body = _vary(base.body, copy_number)
        body = LESSON_LINK.sub(lambda m: _relink(m, copy_number, known), body)
        folder = lessons_dir / module
        folder.mkdir(exist_ok=True)
        text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n" + body
        (folder / f"{lesson_id}.md").write_text(text, encoding="utf-8")
        if base.quiz:
            quiz = {"lesson": lesson_id, "pass_mark": base.quiz.get("pass_mark", 80), "questions": _questions(base.quiz["questions"], questions)}
            (quizzes_dir / f"{lesson_id}.yml").write_text(yaml.safe_dump(quiz, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def _questions(source: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """`count` questions cycled from the lesson's own quiz (so objectives and anchors stay valid), with new ids."""
    out = []
    for number in range(count):
        question = copy.deepcopy(source[number % len(source)])
        question["id"] = f"q{number + 1}-{question['id']}"[:64].rstrip("-")
        out.append(question)
    return out


def _vary(body: str, copy_number: int) -> str:
    """The same sections and headings (quizzes point at them), each section's paragraphs rotated."""
    if copy_number == 0:
        return body
    sections = re.split(r"(?m)^(?=#{2,6} )", body)
    varied = []
    for section in sections:
        heading, _, rest = section.partition("\n") if section.startswith("#") else ("", "", section)
        paragraphs = [p for p in rest.split("\n\n") if p.strip()]
        if len(paragraphs) > 1:
            shift = copy_number % len(paragraphs)
            paragraphs = paragraphs[shift:] + paragraphs[:shift]
        varied.append((heading + "\n\n" if heading else "") + "\n\n".join(paragraphs) + "\n\n")
    # A sentence of its own, so no two lessons have the same text (nothing is measured from a cache).
    return "".join(varied) + f"You are reading copy {copy_number + 1} of this lesson.\n"


def _relink(match: re.Match[str], copy_number: int, known: set[str]) -> str:
    target = f"{match.group(1)}-{copy_number}"
    target = target if target in known else f"{match.group(1)}-0"
    return f"](lesson:{target}{'#' + match.group(2) if match.group(2) else ''})"
