"""Every class of author mistake: a message naming file and line, a non-zero exit, no traceback."""

from __future__ import annotations

import re

import pytest

from conftest import Project

QUIZ = "quizzes/first-lesson.yml"
LESSON = "lessons/basics/first-lesson.md"


def replace(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_reported(project: Project, file: str, line: int | None, *words: str) -> None:
    """`check` and `mkdocs build` both fail with `file:line: message` and no traceback."""
    for result in (project.run("check"), project.mkdocs("build")):
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert "Traceback" not in output, output
        location = f"{file}:{line}:" if line else f"{file}:"
        matching = [row for row in output.splitlines() if location in row]
        assert matching, f"no message at {location}\n{output}"
        for word in words:
            assert any(word in row for row in matching), f"{word!r} not in {matching}"


def line_of(project: Project, relative: str, needle: str) -> int:
    lines = (project.root / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if needle in text)


def test_yaml_syntax_error_names_the_line(project: Project) -> None:
    replace(project, QUIZ, "    prompt: What does a group cost?", "    prompt: [What does a group cost?")
    assert_reported(project, QUIZ, line_of(project, QUIZ, "[What does"), "YAML syntax error")


def test_tabs_in_yaml_are_explained(project: Project) -> None:
    replace(project, QUIZ, "pass_mark: 50", "pass_mark: 50\n\tbad: tab")
    assert_reported(project, QUIZ, 3, "tab")


def test_missing_field(project: Project) -> None:
    replace(project, LESSON, "minutes: 5\n", "")
    assert_reported(project, LESSON, None, "'minutes' is missing")


def test_unknown_field_names_its_line(project: Project) -> None:
    replace(project, LESSON, "minutes: 5\n", "minutes: 5\nminuets: 6\n")
    assert_reported(project, LESSON, line_of(project, LESSON, "minuets"), "unknown field 'minuets'")


def test_wrong_type(project: Project) -> None:
    replace(project, LESSON, "minutes: 5", "minutes: five")
    assert_reported(project, LESSON, line_of(project, LESSON, "minutes: five"), "'minutes'", "integer")


def test_duplicate_lesson_ids(project: Project) -> None:
    text = (project.root / LESSON).read_text(encoding="utf-8").replace("order: 1", "order: 3")
    project.write("lessons/basics/copy.md", text)
    # Files are read in name order, so the second one read (first-lesson.md) is the one reported.
    assert_reported(project, LESSON, 2, "lesson id 'first-lesson' is already used by copy.md")


def test_duplicate_question_ids(project: Project) -> None:
    replace(project, QUIZ, "  - id: cost", "  - id: what-group")
    second = [n for n, text in enumerate((project.root / QUIZ).read_text().splitlines(), 1) if "id: what-group" in text][1]
    assert_reported(project, QUIZ, second, "used twice")


def test_quiz_for_a_missing_lesson(project: Project) -> None:
    replace(project, QUIZ, "lesson: first-lesson", "lesson: no-such-lesson")
    assert_reported(project, QUIZ, 1, "no lesson with id 'no-such-lesson'")


def test_objective_that_does_not_exist(project: Project) -> None:
    replace(project, QUIZ, "objective: free", "objective: fees")
    assert_reported(project, QUIZ, line_of(project, QUIZ, "objective: fees"), "'objective' 'fees' is not an objective", "groups, free")


def test_review_anchor_that_does_not_exist(project: Project) -> None:
    replace(project, QUIZ, "review: cost", "review: price")
    assert_reported(project, QUIZ, line_of(project, QUIZ, "review: price"), "'review' anchor 'price'", "what-a-group-is, cost")


@pytest.mark.parametrize("flags", [("correct: true", ""), ("feedback: Not quite, a group is not a clinic.", "correct: true\n        feedback: x")])
def test_single_choice_needs_exactly_one_correct(project: Project, flags: tuple[str, str]) -> None:
    old, new = flags
    replace(project, QUIZ, old, new)
    assert_reported(project, QUIZ, 4, "exactly one option with 'correct: true'")


def test_empty_lessons_folder(project: Project) -> None:
    for lesson in (project.root / "lessons").rglob("*.md"):
        lesson.unlink()
    assert_reported(project, "lessons", None, "no lessons found")


def test_file_that_is_not_utf8(project: Project) -> None:
    path = project.root / LESSON
    path.write_bytes(path.read_bytes().replace(b"A group is people", b"Un groupe \xe9t\xe9 people"))
    assert_reported(project, LESSON, line_of_bytes(path.read_bytes(), b"\xe9"), "not UTF-8")


def line_of_bytes(data: bytes, needle: bytes) -> int:
    return data[: data.index(needle)].count(b"\n") + 1


def test_every_problem_in_one_run(project: Project) -> None:
    replace(project, LESSON, "minutes: 5", "minutes: five")
    replace(project, "quizzes/second-lesson.yml", "review: kinds", "review: kinde")
    result = project.run("check")
    output = result.stdout + result.stderr
    assert re.search(r"lessons/basics/first-lesson\.md:\d+: error: 'minutes'", output), output
    assert re.search(r"quizzes/second-lesson\.yml:\d+: error: .*'kinde'", output), output
    # The quiz of the broken lesson is not also reported as pointing at a missing lesson.
    assert "no lesson with id 'first-lesson'" not in output
