"""A corpus of broken and hostile sources: each one a clear `path:line: message`, exit 1, no traceback,
and the rest of the course still checked, so an author sees every problem in one run."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Project
from generator import sources
from generator.errors import CourseError, Problem
from generator.names import UnsafeName, inside, safe_name, safe_path

LESSON = "lessons/basics/first-lesson.md"
QUIZ = "quizzes/first-lesson.yml"
OTHER_QUIZ = "quizzes/second-lesson.yml"


def lesson_text(**changes: str) -> str:
    """The sample's first lesson with some front-matter lines replaced, e.g. id="id: bad id"."""
    text = (Path(__file__).parent / "fixtures/sample" / LESSON).read_text(encoding="utf-8")
    for field, line in changes.items():
        text = re.sub(rf"^{field}:.*$", line, text, count=1, flags=re.MULTILINE)
    return text


def question(extra: str) -> str:
    return "lesson: first-lesson\nquestions:\n" + textwrap.indent(textwrap.dedent(extra).strip("\n"), "  ") + "\n"


QUESTION_HEAD = """\
- id: q1
  prompt: A question?
  objective: groups
  review: cost
  explanation: Because.
"""


@dataclass
class Case:
    name: str
    file: str  # the file the message must name
    line: int | str | None  # a number, a text to find in the written file, or None for `path: message`
    message: str  # a fragment of the message
    write: Callable[[Project], None]


def put(relative: str, content: str | bytes) -> Callable[[Project], None]:
    def write(project: Project) -> None:
        path = project.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return write


def many_questions(count: int) -> str:
    one = QUESTION_HEAD + "  type: true_false\n  answer: true\n  feedback_true: Yes.\n  feedback_false: No.\n"
    return question("".join(one.replace("id: q1", f"id: q{i}") for i in range(count)))


BILLION_LAUGHS = """\
lesson: first-lesson
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
questions: [*g]
"""

CASES = [
    Case("truncated YAML", QUIZ, 5, "YAML syntax error", put(QUIZ, "lesson: first-lesson\nquestions:\n  - id: q1\n    prompt: \"A question\n    type: si")),
    Case("tab in YAML", QUIZ, 2, "tab", put(QUIZ, "lesson: first-lesson\n\tpass_mark: 50\n")),
    Case("front matter never closed", LESSON, 1, "never closed", put(LESSON, "---\nid: first-lesson\ntitle: x\n\n## Body\n")),
    Case("no front matter", LESSON, 1, "must start with front matter", put(LESSON, "# Just a heading\n\nText.\n")),
    Case("Latin-1 bytes in a lesson", LESSON, "Un caf", "not UTF-8", put(LESSON, lesson_text().encode("utf-8").replace(b"A group is", b"Un caf\xe9 is"))),
    Case("Latin-1 bytes in a quiz", QUIZ, 2, "not UTF-8", put(QUIZ, b"lesson: first-lesson\npass_mark: 50 # caf\xe9\n")),
    Case("empty lesson file", LESSON, None, "the lesson file is empty", put(LESSON, "")),
    Case("empty quiz file", QUIZ, 1, "expected a mapping of fields, found empty", put(QUIZ, "")),
    Case("5 MB lesson", LESSON, None, "over the 1 MB limit", put(LESSON, lesson_text() + ("You can do it. " * 350_000))),
    Case("1,000 questions in one quiz", QUIZ, 2, "'questions': List should have at most 200 items", put(QUIZ, many_questions(1000))),
    Case("multiple select with every option correct", QUIZ, 3, "every option is correct", put(QUIZ, question(QUESTION_HEAD + "  type: multiple\n  options:\n    - {text: A, correct: true, feedback: Yes.}\n    - {text: B, correct: true, feedback: Yes.}\n"))),
    Case("single choice with every option correct", QUIZ, 3, "exactly one option with 'correct: true' (found 2)", put(QUIZ, question(QUESTION_HEAD + "  type: single\n  options:\n    - {text: A, correct: true, feedback: Yes.}\n    - {text: B, correct: true, feedback: Yes.}\n"))),
    Case("question with one option", QUIZ, 9, "'questions.0.options': List should have at least 2 items", put(QUIZ, question(QUESTION_HEAD + "  type: single\n  options:\n    - {text: A, correct: true, feedback: Yes.}\n"))),
    Case("multiple select with no correct option", QUIZ, 3, "at least one option with 'correct: true'", put(QUIZ, question(QUESTION_HEAD + "  type: multiple\n  options:\n    - {text: A, feedback: No.}\n    - {text: B, feedback: No.}\n"))),
    Case("lesson id with spaces", LESSON, 2, "'id' must be a slug", put(LESSON, lesson_text(id="id: first lesson"))),
    Case("lesson id with ../", LESSON, 2, "'id' must be a slug", put(LESSON, lesson_text(id="id: ../../etc/passwd"))),
    Case("lesson id with a slash", LESSON, 2, "'id' must be a slug", put(LESSON, lesson_text(id="id: basics/first"))),
    Case("question id with spaces", QUIZ, 3, "'questions.0.id' must be a slug", put(QUIZ, question(QUESTION_HEAD.replace("id: q1", "id: q 1") + "  type: true_false\n  answer: true\n  feedback_true: Y.\n  feedback_false: N.\n"))),
    Case("module id that is a path", "lessons/course.yml", 4, "'modules.0.id' must be a slug", put("lessons/course.yml", "title: T\nsummary: S\nmodules:\n  - id: /etc\n    title: M\n    summary: S\n    order: 1\n")),
    Case("ordering with duplicate items", QUIZ, 3, "an ordering question needs distinct items; repeated: A", put(QUIZ, question(QUESTION_HEAD + "  type: ordering\n  items:\n    - {text: A, feedback: x}\n    - {text: A, feedback: x}\n    - {text: B, feedback: x}\n"))),
    Case("ordering with two items", QUIZ, 9, "'questions.0.items': List should have at least 3 items", put(QUIZ, question(QUESTION_HEAD + "  type: ordering\n  items:\n    - {text: A, feedback: x}\n    - {text: B, feedback: x}\n"))),
    Case("matching with duplicate items", QUIZ, 3, "a matching question needs distinct items; repeated: A", put(QUIZ, question(QUESTION_HEAD + "  type: matching\n  pairs:\n    - {item: A, match: one, feedback: x}\n    - {item: A, match: two, feedback: x}\n"))),
    Case("unknown question type", QUIZ, 8, "unknown question type", put(QUIZ, question(QUESTION_HEAD + "  type: essay\n"))),
    Case("question without a type", QUIZ, 3, "add 'type'", put(QUIZ, question(QUESTION_HEAD))),
    Case("option without feedback", QUIZ, 11, "'questions.0.options.1.feedback' is missing", put(QUIZ, question(QUESTION_HEAD + "  type: single\n  options:\n    - {text: A, correct: true, feedback: Yes.}\n    - text: B\n"))),
    Case("lesson that links to a missing lesson", LESSON, "lesson:no-such-lesson", "link to lesson 'no-such-lesson', which does not exist", put(LESSON, lesson_text().replace("A group is people who meet", "See [this](lesson:no-such-lesson). A group is people who meet"))),
    Case("lesson that links to a missing section", LESSON, "lesson:second-lesson#nowhere", "link to section 'nowhere' of lesson 'second-lesson'", put(LESSON, lesson_text().replace("A group is people who meet", "See [this](lesson:second-lesson#nowhere). A group is people who meet"))),
    Case("YAML anchor bomb", QUIZ, 2, "repeats aliases too often", put(QUIZ, BILLION_LAUGHS)),
    Case("Python tag in YAML", QUIZ, 2, "tags like '!!python/...' are not allowed", put(QUIZ, "lesson: first-lesson\npass_mark: !!python/object/apply:os.system [\"touch hacked\"]\nquestions: []\n")),
    Case("javascript: link in a lesson", LESSON, "javascript:alert(1))", "unsafe link 'javascript:alert(1'", put(LESSON, lesson_text().replace("A group is people who meet", "[Click](javascript:alert(1)) A group is people who meet"))),
    Case("entity-hidden javascript: in raw HTML", LESSON, "jav&#x61;script", "unsafe link", put(LESSON, lesson_text().replace("A group is people who meet", '<a href="jav&#x61;script:alert(1)">x</a> A group is people who meet'))),
    Case("data: link in a quiz", QUIZ, "data:text/html", "unsafe link 'data:text/html", put(QUIZ, (Path(__file__).parent / "fixtures/sample" / QUIZ).read_text().replace("feedback: Yes, people helping each other.", "feedback: \"[see](data:text/html;base64,PHNjcmlwdD4=)\""))),
    Case("invalid date", LESSON, "2026-13-45", "a value cannot be read (month must be in 1..12)", put(LESSON, lesson_text().replace("  date: 2026-01-01", "  date: 2026-13-45"))),
    Case("field given twice", LESSON, "minutes: 6", "'minutes' appears twice", put(LESSON, lesson_text(minutes="minutes: 5\nminutes: 6"))),
    Case("front matter that is a list", LESSON, 2, "expected a mapping of fields, found a list", put(LESSON, "---\n- id\n- title\n---\n\n## Body\n")),
    Case("quiz that is a string", QUIZ, 1, "expected a mapping of fields, found a str", put(QUIZ, "just some text\n")),
    Case("lesson in an unknown module", LESSON, 4, "no module 'extras' in the course file", put(LESSON, lesson_text(module="module: extras"))),
    Case("broken course file", "lessons/course.yml", 4, "YAML syntax error", put("lessons/course.yml", "title: T\nsummary: S\nmodules: [\n")),
]


def test_corpus_has_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_source_gets_a_clear_message(project: Project, case: Case) -> None:
    case.write(project)
    # A second, independent mistake elsewhere must be reported in the same run.
    other = project.root / OTHER_QUIZ
    other.write_text(other.read_text().replace("review: kinds", "review: kindz"))
    result = project.run("check")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    line = case.line
    if isinstance(line, str):
        data = (project.root / case.file).read_bytes()
        line = data[: data.index(line.encode("latin-1"))].count(b"\n") + 1
    location = f"{case.file}:{line}: error: " if line else f"{case.file}: error: "
    rows = [row for row in output.splitlines() if row.startswith(location)]
    assert rows, f"expected a message at {location}\n{output}"
    assert any(case.message in row for row in rows), f"{case.message!r} not in {rows}"
    if case.file != "lessons/course.yml":
        assert "second-lesson.yml:8: error: question 'kinds': 'review' anchor 'kindz'" in output, output
    assert not (project.root / "hacked").exists()


@pytest.mark.parametrize("variant", ["bom", "crlf"])
def test_bom_and_windows_line_endings_are_accepted(project: Project, variant: str) -> None:
    """Editors on Windows write these; they are not mistakes, so they build as if they were not there."""
    for path in [project.root / LESSON, project.root / QUIZ]:
        text = path.read_text(encoding="utf-8")
        data = ("\ufeff" + text).encode("utf-8") if variant == "bom" else text.replace("\n", "\r\n").encode("utf-8")
        path.write_bytes(data)
    result = project.run("check", "--today", "2026-11-29")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The first lesson" in (project.build() / "basics/first-lesson/index.html").read_text()


def test_mkdocs_build_reports_the_same_and_writes_nothing(project: Project) -> None:
    CASES[0].write(project)
    result = project.mkdocs("build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{QUIZ}:5: error: YAML syntax error" in result.stderr
    assert not (project.root / "site").exists()


# ---------------------------------------------------------------- names


@pytest.mark.parametrize("bad", ["../x", "..", "/etc/passwd", "a/b", "C:\\x", "a b", "A", "x\x00y", "", "-x", "x-", "a--b", "é", "x" * 65])
def test_unsafe_names_are_refused(bad: str) -> None:
    with pytest.raises(UnsafeName):
        safe_name(bad)


def test_paths_stay_inside_their_folder(tmp_path: Path) -> None:
    assert safe_path("meetings", "first-meeting", suffix=".md").as_posix() == "meetings/first-meeting.md"
    assert inside(tmp_path, "a/b.md") == tmp_path.resolve() / "a/b.md"
    for escape in ["../outside.md", "/etc/passwd", "a/../../x"]:
        with pytest.raises(UnsafeName):
            inside(tmp_path, escape)


def test_new_lesson_refuses_traversal(project: Project) -> None:
    for bad in ["../../evil", "/tmp/evil", "a/b"]:
        result = project.run("new", "lesson", bad, "--module", "basics")
        assert result.returncode == 2 and "cannot be used as a name" in result.stderr
        result = project.run("new", "lesson", "fine", "--module", bad)
        assert result.returncode == 2
    assert not list(project.root.parent.rglob("evil*"))


# ---------------------------------------------------------------- property-based

FIELDS = ["id", "title", "module", "order", "audience", "minutes", "objectives", "key_points", "actions",
          "references", "reviewed", "glossary", "clinician_notes", "lesson", "pass_mark", "questions", "type",
          "prompt", "options", "correct", "feedback", "pairs", "items", "answer", "explanation", "review", "objective"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=30),
                    st.dates().map(str), st.sampled_from(["single", "multiple", "true_false", "matching", "ordering", "patient"]))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), children, max_size=8)),
    max_leaves=40,
)


def _assert_only_problems(load: Callable[[Path], tuple], path: Path) -> None:
    result = load(path)  # must not raise
    value, problems = result[0], result[1]
    assert all(isinstance(p, Problem) and p.message for p in problems)
    assert (value is None) == bool(problems) or (value is not None and not problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents)
def test_random_quiz_documents_only_give_problems(tmp_path: Path, document: object) -> None:
    path = tmp_path / "quiz.yml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    _assert_only_problems(sources.load_quiz, path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents, body=st.text(max_size=200))
def test_random_front_matter_only_gives_problems(tmp_path: Path, document: object, body: str) -> None:
    path = tmp_path / "lesson.md"
    path.write_text("---\n" + yaml.safe_dump(document, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    _assert_only_problems(sources.load_lesson, path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_random_bytes_only_give_problems(tmp_path: Path, raw: bytes) -> None:
    for name, load in (("lesson.md", sources.load_lesson), ("quiz.yml", sources.load_quiz)):
        path = tmp_path / name
        path.write_bytes(raw)
        _assert_only_problems(load, path)


@settings(max_examples=200, deadline=None)
@given(document=documents, style=st.sampled_from([None, True, False]))
def test_sources_read_yaml_exactly_as_the_safe_loader_does(document: object, style: bool | None) -> None:
    """The reader builds values itself while it records their lines; it must agree with PyYAML's safe loader."""
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=style)
    expected = yaml.safe_load(text)
    parsed = sources.parse_yaml(text, Path("quiz.yml")).data
    assert parsed == expected or (parsed != parsed and expected != expected)  # a lone NaN is never equal to itself
    assert type(parsed) is type(expected)


def test_bundled_sources_read_exactly_as_the_safe_loader_reads_them() -> None:
    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "quizzes").rglob("*.yml")) + sorted((root / "lessons").rglob("*.yml"))
    assert len(files) > 40
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert sources.parse_yaml(text, file).data == yaml.safe_load(text), file


def test_whole_course_loader_raises_only_course_error(project: Project) -> None:
    from generator.checks import SourcePaths, load_course_or_raise

    CASES[0].write(project)
    with pytest.raises(CourseError) as caught:
        load_course_or_raise(SourcePaths.under(project.root))
    assert "first-lesson.yml:5: error: YAML syntax error" in str(caught.value)
