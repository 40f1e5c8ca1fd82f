"""The pages around the lessons: the patient's list and record, and the clinician's builder and guide.

- My lessons: the list a clinician assigned (or the whole course) with each lesson's status.
- Completion record: the same lessons as a printable page for the clinician.
- Assignment builder: ticks lessons, makes the link, its QR code and a printed sheet.
- Facilitator guide: every lesson's clinician notes and discussion prompts, one page per module.

The pages are static; their scripts (`assets/journey.js`, `assets/assign.js`) read what the patient did
from the browser's storage. Everything a script needs about the lessons is in the page as data attributes,
and every lesson link is written in Markdown (inside `markdown="span"` elements), so MkDocs checks and
rewrites it like any other link.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import SCORED_TYPES, Lesson, LessonSet, Module
from .names import safe_name

if TYPE_CHECKING:
    from .render import Renderer

MY_LESSONS_URI = "my-lessons.md"
RECORD_URI = "record.md"
ASSIGN_URI = "assign.md"
FACILITATOR_DIR = "facilitator"
FACILITATOR_URI = f"{FACILITATOR_DIR}/index.md"

NOTE_MAX = 140  # characters of the clinician's note that a link carries


def facilitator_uri(module: Module) -> str:
    return f"{FACILITATOR_DIR}/{safe_name(module.id)}.md"


@dataclass(frozen=True)
class LessonRow:
    """A lesson as the journey pages show it; `href` is relative to the page that shows it."""

    lesson: Lesson
    module: Module
    href: str
    questions: int  # scored questions; 0 without a quiz
    pass_mark: int | None


def lesson_rows(renderer: Renderer, from_uri: str) -> list[LessonRow]:
    """Every lesson of the site in course order, with links relative to the page at `from_uri`."""
    from .render import lesson_uri

    content = renderer.content
    rows = []
    for lesson in content.ordered_lessons():
        quiz = content.quizzes.get(lesson.id)
        rows.append(LessonRow(
            lesson=lesson,
            module=content.course.module(lesson.module),  # type: ignore[arg-type]  # checked when loading
            href=posixpath.relpath(lesson_uri(lesson), posixpath.dirname(from_uri) or "."),
            questions=sum(1 for q in quiz.questions if q.type in SCORED_TYPES) if quiz else 0,
            pass_mark=quiz.pass_mark if quiz else None,
        ))
    return rows


def site_sets(renderer: Renderer) -> list[LessonSet]:
    """The course file's ready-made sets, each keeping only the lessons this site has (empty sets go)."""
    present = {lesson.id for lesson in renderer.content.lessons}
    kept = []
    for lesson_set in renderer.content.course.sets:
        lessons = [lesson_id for lesson_id in lesson_set.lessons if lesson_id in present]
        if lessons:
            kept.append(lesson_set.model_copy(update={"lessons": lessons}))
    return kept


def pages(renderer: Renderer) -> list[tuple[str, str]]:
    """(uri, Markdown) of every journey page."""
    env, html_env = renderer.env, renderer.html_env
    program = renderer.settings.get("program_name") or renderer.content.course.title

    def data(uri: str) -> str:
        return html_env.get_template("journey-lessons.html.j2").render(rows=lesson_rows(renderer, uri))

    result = [
        (MY_LESSONS_URI, env.get_template("my-lessons.md.j2").render(lessons=data(MY_LESSONS_URI), note_max=NOTE_MAX)),
        (RECORD_URI, env.get_template("record.md.j2").render(lessons=data(RECORD_URI), program=program)),
        (ASSIGN_URI, env.get_template("assign.md.j2").render(
            form=html_env.get_template("assign-form.html.j2").render(
                rows=lesson_rows(renderer, ASSIGN_URI), sets=site_sets(renderer), note_max=NOTE_MAX, program=program,
                modules=renderer.content.modules(),
            ),
        )),
        (FACILITATOR_URI, env.get_template("facilitator-index.md.j2").render(
            modules=[(module, facilitator_uri(module).removeprefix(FACILITATOR_DIR + "/")) for module in renderer.content.modules()],
        )),
    ]
    for module in renderer.content.modules():
        uri = facilitator_uri(module)
        rows = [row for row in lesson_rows(renderer, uri) if row.module.id == module.id]
        result.append((uri, env.get_template("facilitator.md.j2").render(module=module, rows=rows)))
    return result
