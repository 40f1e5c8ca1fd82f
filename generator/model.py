"""The course as typed objects: what an author writes, validated by pydantic.

Every model here is also the JSON Schema an editor uses (``python -m generator schema``),
so field descriptions are written for authors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

# Ids become file names and URLs (always through names.safe_name), so they are kept to lower-case
# letters, digits and hyphens from the start, and an author hears about a bad one with its line.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Audience = Literal["patient", "clinician", "family"]


class AuthorModel(BaseModel):
    """Base for everything an author writes: unknown fields are mistakes, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- course file


class LocatedModel(AuthorModel):
    """A whole source file: remembers where it came from, so later checks can name the line."""

    _path: Path = PrivateAttr(default=Path())
    _lines: Mapping[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)

    @property
    def path(self) -> Path:
        return self._path

    def line_of(self, *location: str | int) -> int | None:
        """Source line of a value, e.g. line_of("questions", 2, "review")."""
        return self._lines.get(tuple(location))

    def attach_source(self, path: Path, lines: Mapping[tuple[str | int, ...], int]) -> None:
        self._path, self._lines = path, lines


class Module(AuthorModel):
    id: Slug = Field(description="Stable id of the module, used in URLs and by lessons' `module` field.")
    title: Text
    summary: Text = Field(description="One or two plain sentences shown on the course home.")
    order: int = Field(ge=0, description="Position of the module in the course.")


class LessonSet(AuthorModel):
    """A ready-made assignment for the assignment builder, e.g. the lessons that matter most before discharge."""

    id: Slug
    title: Text = Field(description="Shown to clinicians in the assignment builder, e.g. 'Before discharge'.")
    lessons: list[Slug] = Field(min_length=1, description="Lesson ids; the patient's list shows them in course order.")


class Course(LocatedModel):
    title: Text
    summary: Text = Field(description="Who the course is for and what it teaches, in plain words.")
    modules: list[Module] = Field(min_length=1)
    sets: list[LessonSet] = Field(
        default_factory=list, description="Ready-made assignments a clinician can pick in the assignment builder."
    )

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)


# ---------------------------------------------------------------- lessons


class Reference(AuthorModel):
    citation: Text = Field(description="Full citation: authors, title, publisher or journal, year.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None


class Reviewed(AuthorModel):
    date: dt.date = Field(description="Date of the last clinical review, YYYY-MM-DD.")
    by: Text = Field(description="The reviewer's role (never a patient's name), e.g. 'Addiction counselor'.")


class ClinicianNotes(AuthorModel):
    notes: Text | None = Field(None, description="Facilitator notes for group sessions (Markdown).")
    prompts: list[Text] = Field(default_factory=list, description="Discussion prompts for a group.")


class ConfidenceQuestion(AuthorModel):
    """Asked before and after the lesson on a 1-to-5 scale; the patient sees their own change."""

    id: Slug
    prompt: Text = Field(description="E.g. 'How sure are you that you could find a meeting that suits you?'")


class Lesson(LocatedModel):
    """Front matter of a lesson file; the Markdown body follows it."""

    id: Slug
    title: Text
    module: Slug = Field(description="Id of a module in the course file.")
    order: int = Field(ge=0, description="Position of the lesson within its module.")
    audience: list[Audience] = Field(min_length=1)
    minutes: int = Field(ge=1, le=60, description="Estimated reading and quiz time.")
    objectives: dict[Slug, Text] = Field(
        min_length=2,
        max_length=4,
        description="2 to 4 short, checkable statements, keyed by an id that quiz questions name.",
    )
    # Empty lists are allowed so `check` can explain what is missing as a PEMAT warning.
    key_points: list[Text] = Field(default_factory=list, description="The summary, one point per line.")
    actions: list[Text] = Field(default_factory=list, description='"What you can do": concrete steps.')
    references: list[Reference] = Field(min_length=1)
    reviewed: Reviewed
    glossary: dict[Text, Text] = Field(default_factory=dict, description="Term: plain definition.")
    clinician_notes: ClinicianNotes | None = None
    content_note: Text | None = Field(
        None, description="A calm note shown before the lesson, e.g. 'This lesson talks about relapse and overdose.'"
    )
    confidence: list[ConfidenceQuestion] = Field(
        default_factory=list, max_length=2, description="One or two confidence questions asked before and after."
    )
    translated_from: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] | None = Field(
        None, description="In a translation only: the fingerprint of the source lesson it translates (`check` reports it when outdated)."
    )

    # The Markdown body after the front matter; set by the reader, never written by an author.
    _body: str = PrivateAttr(default="")
    _body_line: int = PrivateAttr(default=1)
    _anchors: dict[str, int] = PrivateAttr(default_factory=dict)

    def glossary_term(self, casefolded: str) -> str:
        """The term as this lesson spells it."""
        return next(term for term in self.glossary if term.casefold() == casefolded)

    @property
    def body(self) -> str:
        return self._body

    @property
    def body_line(self) -> int:
        """Line of the source file on which the Markdown body starts."""
        return self._body_line

    @property
    def anchors(self) -> dict[str, int]:
        """Section anchors of the body (``#anchor`` -> source line) that quizzes may point to."""
        return self._anchors

    def attach_body(self, body: str, body_line: int, anchors: dict[str, int]) -> None:
        self._body, self._body_line, self._anchors = body, body_line, anchors


# ---------------------------------------------------------------- quizzes


class QuestionBase(AuthorModel):
    id: Slug = Field(description="Stable id, unique within the quiz.")
    prompt: Text = Field(description="The question; inline Markdown allowed.")
    explanation: Text = Field(description="Why the answer is what it is, shown after checking.")
    objective: Slug = Field(description="Id of the lesson objective this question checks.")
    review: Slug = Field(description="Anchor of the lesson section to re-read, without '#'.")


class Option(AuthorModel):
    text: Text
    correct: bool = False
    feedback: Text = Field(description="Shown when this option is chosen: why it is or is not right.")


def _count_correct(options: list[Option]) -> int:
    return sum(1 for option in options if option.correct)


class SingleChoice(QuestionBase):
    """Exactly one option is right."""

    type: Literal["single"]
    options: list[Option] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoice:
        correct = _count_correct(self.options)
        if correct != 1:
            raise ValueError(
                f"a single-choice question needs exactly one option with 'correct: true' (found {correct}); "
                "use type 'multiple' if several are right"
            )
        return self


class MultipleSelect(QuestionBase):
    """'Choose all that apply': one or more options are right."""

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleSelect:
        correct = _count_correct(self.options)
        if correct == 0:
            raise ValueError("a multiple-select question needs at least one option with 'correct: true'")
        if correct == len(self.options):
            raise ValueError("every option is correct, so the question checks nothing: add an option that is not right")
        return self


class TrueFalse(QuestionBase):
    """A statement the patient marks true or false."""

    type: Literal["true_false"]
    answer: bool = Field(description="Whether the statement in the prompt is true.")
    feedback_true: Text = Field(description="Shown when the patient answers 'True'.")
    feedback_false: Text = Field(description="Shown when the patient answers 'False'.")


class MatchPair(AuthorModel):
    item: Text
    match: Text
    feedback: Text = Field(description="Shown for this pair after checking.")


class Matching(QuestionBase):
    """Pair each item with its match (e.g. a meeting format with what happens there)."""

    type: Literal["matching"]
    pairs: list[MatchPair] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _distinct(self) -> Matching:
        for field in ("item", "match"):
            values = [getattr(pair, field) for pair in self.pairs]
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                raise ValueError(f"a matching question needs distinct {field}s; repeated: {', '.join(duplicates)}")
        return self


class OrderItem(AuthorModel):
    text: Text
    feedback: Text = Field(description="Shown for this item after checking, e.g. its date.")


class Ordering(QuestionBase):
    """Put items in order; the source lists them in the correct order."""

    type: Literal["ordering"]
    items: list[OrderItem] = Field(min_length=3, max_length=8)

    @model_validator(mode="after")
    def _distinct(self) -> Ordering:
        texts = [item.text for item in self.items]
        duplicates = sorted({t for t in texts if texts.count(t) > 1})
        if duplicates:
            raise ValueError(f"an ordering question needs distinct items; repeated: {', '.join(duplicates)}")
        return self


class ReflectiveOption(AuthorModel):
    text: Text
    flag: bool = Field(False, description="Show the help lines at once when this is chosen (e.g. 'I don't feel safe').")
    response: Text | None = Field(None, description="A kind word shown when this is chosen.")


class Reflective(AuthorModel):
    """No right answer and never scored: 'How ready do you feel to go to a meeting?'"""

    id: Slug = Field(description="Stable id, unique within the quiz.")
    type: Literal["reflective"]
    prompt: Text
    options: list[ReflectiveOption] = Field(min_length=2, max_length=8, description="The choices, e.g. a 1-to-5 scale.")


Question = Annotated[
    Union[SingleChoice, MultipleSelect, TrueFalse, Matching, Ordering, Reflective],
    Field(discriminator="type"),
]
QUESTION_TYPES = ("single", "multiple", "true_false", "matching", "ordering", "reflective")
SCORED_TYPES = QUESTION_TYPES[:5]


class Quiz(LocatedModel):
    lesson: Slug = Field(description="Id of the lesson this quiz belongs to.")
    pass_mark: int = Field(80, ge=1, le=100, description="Percent of questions to get right to pass.")
    questions: list[Question] = Field(min_length=1, max_length=200)
    translated_from: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] | None = Field(
        None, description="In a translation only: the fingerprint of the source quiz it translates."
    )


# ---------------------------------------------------------------- the whole course


class CourseContent(BaseModel):
    """Everything read from the sources, validated and cross-checked, ready to render."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    course: Course
    lessons: list[Lesson]
    quizzes: dict[str, Quiz] = Field(description="Quiz by lesson id.")
    _reviewed: dict[str | None, dt.date] | None = PrivateAttr(default=None)

    def lessons_of(self, module_id: str) -> list[Lesson]:
        return sorted((l for l in self.lessons if l.module == module_id), key=lambda l: (l.order, l.id))

    def modules(self) -> list[Module]:
        return sorted(self.course.modules, key=lambda m: (m.order, m.id))

    def ordered_lessons(self) -> list[Lesson]:
        return [lesson for module in self.modules() for lesson in self.lessons_of(module.id)]

    def selected(self, modules: list[str], audiences: list[str]) -> CourseContent:
        """The part of the course one site shows: these modules, lessons for these audiences (empty: all).

        A module whose lessons are all left out is left out too, so no empty module page is built.
        """
        unknown = sorted(set(modules) - {m.id for m in self.course.modules})
        if unknown:
            known = ", ".join(m.id for m in self.modules())
            raise ValueError(f"'modules': no module {', '.join(unknown)} in the course file; use some of: {known}")
        lessons = [
            lesson for lesson in self.lessons
            if (not modules or lesson.module in modules)
            and (not audiences or any(audience in audiences for audience in lesson.audience))
        ]
        if not lessons:
            raise ValueError("'modules' and 'audiences' leave no lesson in the site; include at least one")
        kept = [
            module for module in self.course.modules
            if (not modules or module.id in modules)
            and (any(l.module == module.id for l in lessons) or not self.lessons_of(module.id))
        ]
        quizzes = {lesson.id: self.quizzes[lesson.id] for lesson in lessons if lesson.id in self.quizzes}
        return CourseContent(course=self.course.model_copy(update={"modules": kept}), lessons=lessons, quizzes=quizzes)

    def reviewed_on(self, lesson_id: str | None = None) -> dt.date:
        """When a page's content was last reviewed: its lesson's date, or the newest in the course.

        Pages carry this date instead of the day of the build, so building the same sources
        on another day gives the same files.
        """
        dates = self._review_dates()
        return dates.get(lesson_id) or max(dates.values())

    def _review_dates(self) -> dict[str | None, dt.date]:
        # Asked once per page: a table, not a search of every lesson (which grew as lessons squared).
        if self._reviewed is None:
            self._reviewed = {lesson.id: lesson.reviewed.date for lesson in self.lessons}
        return self._reviewed
