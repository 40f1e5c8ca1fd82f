"""End to end: sources in a temporary folder become a site; read the HTML a patient gets."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, Project


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_lesson_page_carries_objectives_key_points_actions_references_and_quiz(built_sample: Project) -> None:
    html = built_sample.page("basics/first-lesson/index.html")
    text = text_of(html)
    assert "The first lesson" in text
    assert "In this lesson you will" in text and "Say what a group is." in text and "Know that groups are free." in text
    assert 'id="key-points"' in html and "Groups are people helping each other." in text
    assert 'id="what-you-can-do"' in html and "Ask your counselor about a group." in text
    assert "Example. A source. 2020." in text and 'href="https://example.org/"' in html
    assert "Reviewed 2026-01-01 by: Counselor" in text
    assert '<fieldset class="course-question"' in html and "What is a group?" in text
    # The "re-read" link of each question points at a real section anchor of the page.
    for anchor in re.findall(r'class="course-review"><a href="#([^"]+)"', html):
        assert f'id="{anchor}"' in html
    assert "For group leaders and clinicians" in text and "What have you heard about groups?" in text


def nav_links(html: str) -> list[str]:
    """Pages in the primary navigation, in order (links within the page left out)."""
    nav = html[html.index('class="md-nav md-nav--primary"'):]
    links = re.findall(r'<a href="([^"#]*)" class="md-nav__link', nav)
    return list(dict.fromkeys(links))


def test_search_finds_lessons_by_their_words_not_by_their_quizzes(built_sample: Project) -> None:
    """The quiz is on the page but not in the search index a phone downloads: a search for a question's words
    would only lead to the same lesson its own text leads to."""
    index = json.loads((built_sample.root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
    assert "What is a group?" in built_sample.page("basics/first-lesson/index.html")
    assert "What is a group?" not in text and "Not quite, a group is not a clinic." not in text
    lesson_words = [doc for doc in index["docs"] if doc["location"].startswith("basics/first-lesson/")]
    assert lesson_words and "Check what you learned" in text


def test_navigation_lists_modules_and_lessons_in_course_order(built_sample: Project) -> None:
    html = built_sample.page("index.html")
    assert nav_links(html) == [
        ".", "my-lessons/", "basics/", "basics/first-lesson/", "basics/second-lesson/", "later/", "glossary/",
        "catalogue/", "assign/", "facilitator/", "about/",
    ]
    home = text_of(html)
    assert "2 lessons, about 11 minutes in all" in home
    assert home.index("The first lesson") < home.index("The second lesson")


def test_handwritten_page_sits_beside_generated_ones(built_sample: Project) -> None:
    assert "A hand-written page beside the generated ones." in built_sample.page("about/index.html")
    assert (built_sample.root / "site/basics/index.html").exists()
    # Nothing generated is written into docs/.
    assert sorted(p.name for p in (built_sample.root / "docs").iterdir()) == ["about.md"]


def test_quiz_assets_only_on_quiz_pages_and_help_on_every_page(built_sample: Project) -> None:
    lesson = built_sample.page("basics/first-lesson/index.html")
    about = built_sample.page("about/index.html")
    assert "assets/course/quiz.js" in lesson and "assets/course/quiz.css" in lesson
    assert "quiz.js" not in about and "quiz.css" not in about
    for html in (lesson, about, built_sample.page("index.html")):
        assert "Get help now" in html and "988" in html and "1-800-662-4357" in html


def test_mkdocs_nav_wins_when_given(project: Project) -> None:
    config = (project.root / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", config + "nav:\n  - about.md\n  - index.md\n  - basics/second-lesson.md\n  - basics/first-lesson.md\n  - basics/index.md\n  - later/index.md\n")
    project.build()
    assert nav_links(project.page("index.html"))[:3] == ["about/", ".", "basics/second-lesson/"]


def test_template_override_from_custom_dir(project: Project) -> None:
    config = (project.root / "mkdocs.yml").read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    project.write("mkdocs.yml", config)
    project.write("overrides/course/module.md.j2", "# {{ module.title }}\n\nOur own module page.\n")
    project.build()
    assert "Our own module page." in project.page("basics/index.html")


def test_check_passes_on_the_bundled_course() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stdout


def test_bundled_course_builds_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(Path(__import__("tempfile").mkdtemp()) / "site")],
        cwd=ROOT, capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def test_failed_build_leaves_previous_site(project: Project) -> None:
    site = project.build()
    before = (site / "index.html").read_text()
    lesson = project.root / "lessons/basics/first-lesson.md"
    lesson.write_text(lesson.read_text().replace("minutes: 5", "minutes: lots"))
    result = project.run("build")
    assert result.returncode == 1
    assert "first-lesson.md:" in result.stderr and "left as it was" in result.stderr
    assert (site / "index.html").read_text() == before
    assert not list(project.root.glob(".site-*")), "the temporary build folder was not removed"


def test_new_lesson_scaffolds_sources_that_pass_check(project: Project) -> None:
    result = project.run("new", "lesson", "third-lesson", "--module", "basics")
    assert result.returncode == 0, result.stderr
    assert (project.root / "lessons/basics/third-lesson.md").exists()
    assert (project.root / "quizzes/third-lesson.yml").exists()
    assert project.run("check").returncode == 0, project.run("check").stderr
    # It never overwrites.
    again = project.run("new", "lesson", "third-lesson", "--module", "basics")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_schema_writes_json_schemas_for_editors(project: Project) -> None:
    result = project.run("schema", "-o", "schemas")
    assert result.returncode == 0, result.stderr
    lesson = json.loads((project.root / "schemas/lesson.schema.json").read_text())
    quiz = json.loads((project.root / "schemas/quiz.schema.json").read_text())
    course = json.loads((project.root / "schemas/course.schema.json").read_text())
    assert {"id", "title", "objectives", "reviewed"} <= set(lesson["required"])
    assert lesson["additionalProperties"] is False
    assert "questions" in quiz["properties"] and "modules" in course["properties"]
    assert "single" in json.dumps(quiz) and "ordering" in json.dumps(quiz)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_serve_rebuilds_when_a_lesson_changes(project: Project) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/basics/first-lesson/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                assert "The first lesson" in fetch(url)
                break
            except OSError:
                assert time.monotonic() < deadline, "mkdocs serve did not start"
                time.sleep(0.3)
        lesson = project.root / "lessons/basics/first-lesson.md"
        lesson.write_text(lesson.read_text().replace("title: The first lesson", "title: A renamed lesson"))
        quiz = project.root / "quizzes/first-lesson.yml"
        quiz.write_text(quiz.read_text().replace("What is a group?", "What is a meeting group?"))
        deadline = time.monotonic() + 30
        while "A renamed lesson" not in (html := fetch(url)) or "What is a meeting group?" not in html:
            assert time.monotonic() < deadline, "the page was not rebuilt after the sources changed"
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=10)
