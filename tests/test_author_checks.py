"""`python -m generator check`: reading level, coverage, references, review dates, PEMAT structure."""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys

from conftest import ROOT, Project
from generator import readability, report
from generator.errors import Problem

TODAY = "2026-11-29"
LESSON = "lessons/basics/first-lesson.md"

HARD_PARAGRAPH = (
    "Notwithstanding considerable methodological heterogeneity, contemporary epidemiological investigations "
    "consistently demonstrate that sustained participation in community-based mutual-help organizations "
    "substantially ameliorates longitudinal abstinence trajectories among individuals experiencing "
    "substance-use disorders, particularly when participation commences during residential treatment."
)


def check(project: Project, *args: str) -> tuple[int, list[dict]]:
    result = project.run("check", "--format", "json", "--today", TODAY, *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)["problems"]


def edit(project: Project, relative: str, old: str, new: str) -> int:
    """Replace text in a source; returns the line number where the new text starts."""
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


def test_sample_course_is_clean_in_strict_mode(project: Project) -> None:
    code, problems = check(project, "--strict")
    assert (code, problems) == (0, [])


def test_grade_12_paragraph_is_an_error_at_its_line(project: Project) -> None:
    line = edit(project, LESSON, "## Cost\n", f"{HARD_PARAGRAPH}\n\n## Cost\n")
    code, problems = check(project)
    assert code == 1
    [problem] = [p for p in problems if p["check"] == "reading_level"]
    assert problem["path"] == LESSON and problem["line"] == line and problem["severity"] == "error"
    assert problem["message"].startswith("reading level is grade ")
    assert "above the limit of 8.0 for patient/family lessons; the hardest paragraph starts here" in problem["message"]


def test_clinician_lessons_are_exempt_unless_configured(project: Project) -> None:
    edit(project, LESSON, "## Cost\n", f"{HARD_PARAGRAPH}\n\n## Cost\n")
    edit(project, LESSON, "audience: [patient]", "audience: [clinician]")
    code, problems = check(project)
    assert code == 0 and not [p for p in problems if p["check"] == "reading_level"]
    config = (project.root / "mkdocs.yml").read_text().replace("  - course\n", "  - course:\n      reading_audiences: [patient, clinician]\n")
    project.write("mkdocs.yml", config)
    code, problems = check(project)
    assert code == 1 and [p for p in problems if p["check"] == "reading_level"]


def test_unquizzed_objective_is_a_warning_at_the_objectives(project: Project) -> None:
    edit(project, LESSON, "  free: Know that groups are free.", "  free: Know that groups are free.\n  join: Know how to join.")
    code, problems = check(project)
    assert code == 0
    assert problems == [{
        "path": LESSON, "line": 8, "severity": "warning", "check": "quiz_coverage",
        "message": "objective 'join' is not checked by any quiz question: add a question with 'objective: join' to first-lesson.yml",
    }]
    assert check(project, "--strict")[0] == 1


def test_missing_review_anchor_is_an_error(project: Project) -> None:
    line = edit(project, "quizzes/first-lesson.yml", "review: cost", "review: costs")
    code, problems = check(project)
    assert code == 1
    assert problems[0]["line"] == line and problems[0]["path"] == "quizzes/first-lesson.yml"
    assert problems[0]["message"] == (
        "question 'cost': 'review' anchor 'costs' is not a section of lesson 'first-lesson'; sections are: what-a-group-is, cost"
    )


def test_stale_review_date_is_a_warning(project: Project) -> None:
    edit(project, LESSON, "  date: 2026-01-01", "  date: 2025-06-30")
    code, problems = check(project)
    assert code == 0
    assert problems == [{
        "path": LESSON, "line": 19, "severity": "warning", "check": "review_date",
        "message": "last reviewed 2025-06-30, more than 12 months ago: have a clinician review the lesson and update 'reviewed'",
    }]


def test_missing_review_is_an_error(project: Project) -> None:
    edit(project, LESSON, "reviewed:\n  date: 2026-01-01\n  by: Counselor\n", "")
    code, problems = check(project)
    assert code == 1 and problems[0]["message"] == "'reviewed' is missing: add it"


def test_lesson_with_no_actions_is_a_warning(project: Project) -> None:
    edit(project, LESSON, "actions:\n  - Ask your counselor about a group.\n", "actions: []\n")
    code, problems = check(project)
    assert code == 0
    assert problems == [{
        "path": LESSON, "line": 13, "severity": "warning", "check": "structure",
        "message": "no 'What you can do' action: add 'actions' with at least one concrete step (PEMAT: actionability)",
    }]


def test_pemat_structure_warnings(project: Project) -> None:
    image = edit(project, LESSON, "## Cost\n", "![](meeting.png)\n\n| | |\n|---|---|\n| a | b |\n\n## Cost\n")
    jargon = edit(project, LESSON, "Groups are free.", "Groups are free. Abstinence is the aim.")
    code, problems = check(project)
    found = {(p["line"], p["message"].split(":")[0]) for p in problems if p["check"] == "structure"}
    assert (image, "an image has no alt text") in found
    assert (image + 2, "a table has an empty header row") in found
    assert (jargon, "'abstinence' may be new to readers and no lesson's glossary explains it") in found
    assert code == 0


def test_untraceable_reference_is_a_warning(project: Project) -> None:
    edit(project, "lessons/basics/second-lesson.md", 'citation: "Example. Another source. 2021."', "citation: A leaflet")
    code, problems = check(project)
    assert [p["message"] for p in problems] == [
        "reference 1 ('A leaflet') cannot be traced: give a URL or a full citation (authors, title, publisher or journal, year)"
    ]


def test_text_output_is_a_table_plain_when_piped_and_coloured_on_a_terminal(project: Project) -> None:
    edit(project, LESSON, "actions:\n  - Ask your counselor about a group.\n", "actions: []\n")
    piped = project.run("check", "--today", TODAY).stdout
    assert f"{LESSON}:13: warning: no 'What you can do' action" in piped
    assert "\033[" not in piped
    assert "Lesson         Audience  Grade  SMOG  Questions  Reviewed    Problems" in piped
    assert "2 lessons checked: 0 error(s), 1 warning(s)." in piped

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    report.as_text([Problem(project.root / LESSON, 3, "example", "warning")], [], project.root, {}, out)
    assert "\033[33mwarning\033[0m" in out.getvalue()


def test_lesson_page_and_catalogue_show_grade_and_review_date(built_sample: Project) -> None:
    lesson = built_sample.page("basics/first-lesson/index.html")
    body = (built_sample.root / LESSON).read_text()
    grade = readability.grade(body.split("---\n", 2)[2])
    assert f"Reviewed 2026-01-01 by: Counselor · Reading level: grade {grade:.1f}" in lesson
    catalogue = built_sample.page("catalogue/index.html")
    row = catalogue[catalogue.index('data-module="basics"'):]
    row = row[: row.index("</tr>")]
    assert "The first lesson" in row and f"<td>{grade:.1f}</td>" in row and "<td>2026-01-01</td>" in row


def test_cached_syllables_give_textstats_own_numbers() -> None:
    text = readability.plain_text((ROOT / "tests/fixtures/sample" / LESSON).read_text().split("---\n", 2)[2] + "\n\n" + HARD_PARAGRAPH)
    code = f"import textstat; t = {text!r}; print(textstat.flesch_kincaid_grade(t), textstat.smog_index(t))"
    plain = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    ours = list(readability.text_levels(text))
    assert [round(float(x), 1) for x in plain] == ours


def test_bundled_course_passes_strict_check() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--strict", "--today", TODAY],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_reading_levels_are_kept_between_runs_and_never_go_stale(project: Project, tmp_path: Path, monkeypatch) -> None:
    """A second check reuses what the first measured (kept on disk by the text's hash); an edited lesson is
    measured again, so its grade follows the new text."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def grades() -> dict[str, float]:
        result = project.run("check", "--format", "json", "--today", TODAY)
        return {lesson["id"]: lesson["flesch_kincaid_grade"] for lesson in json.loads(result.stdout)["lessons"]}

    first = grades()
    kept = list((tmp_path / "cache" / "course-generator").glob("reading-levels-*.pickle"))
    assert len(kept) == 1 and len(pickle.loads(kept[0].read_bytes())) >= len(first)
    assert grades() == first
    edit(project, LESSON, "\n## ", "\n" + HARD_PARAGRAPH + "\n\n## ")
    after = grades()
    assert after["first-lesson"] > first["first-lesson"] + 2
    assert after["second-lesson"] == first["second-lesson"]
    assert after["first-lesson"] == readability.text_levels(readability.plain_text(
        (project.root / LESSON).read_text().split("---\n", 2)[2])).grade


def test_kept_sources_still_give_the_line_of_a_mistake_and_an_edit_is_read_again(project: Project, tmp_path: Path, monkeypatch) -> None:
    """Parsed sources are kept between runs by the text's hash. A mistake is reported on its line whether the
    file was parsed now or before, and a fixed file is read again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    line = edit(project, "quizzes/first-lesson.yml", "    explanation: A group is", "    kinde: single\n    explanation: A group is")
    first, second = (project.run("check") for _ in range(2))
    assert list((tmp_path / "cache" / "course-generator").glob("parsed-yaml-*.pickle"))
    for result in (first, second):
        assert result.returncode == 1 and f"quizzes/first-lesson.yml:{line}: error: " in result.stdout + result.stderr
    edit(project, "quizzes/first-lesson.yml", "    kinde: single\n", "")
    assert project.run("check").returncode == 0


def test_memo_keeps_what_two_runs_added_and_only_the_newest(tmp_path: Path, monkeypatch) -> None:
    from generator import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    one, two = cache.Memo("test", b"v1", limit=3), cache.Memo("test", b"v1", limit=3)
    assert one.get("a") is None and two.get("a") is None  # both read an empty cache
    one.add("a", 1)
    one.flush()
    two.add("b", 2)
    two.flush()  # written after the first run: keeps its "a"
    assert cache.Memo("test", b"v1", limit=3).known == {"a": 1, "b": 2}
    three = cache.Memo("test", b"v1", limit=3)
    for key in "cde":
        three.add(key, key)
    three.flush()
    assert list(cache.Memo("test", b"v1", limit=3).known) == ["c", "d", "e"]
    assert cache.Memo("test", b"v2", limit=3).known == {}  # another version of the code starts afresh
