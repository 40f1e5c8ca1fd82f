"""Hostile sources: nothing they hold runs in a patient's browser, and a failed build loses nothing."""

from __future__ import annotations

from conftest import Project

HOSTILE_BODY = """
## Hostile section {#hostile}

<script>window.__pwned = 1; alert("script")</script>
<img src=x onerror="window.__pwned = 2; alert('img')">
<a href="#" onclick="alert(1)">click</a>
<!-- a comment --><iframe src="https://example.org/"></iframe>
You can still read this sentence.
"""


def hostile_project(project: Project) -> Project:
    lesson = project.root / "lessons/basics/first-lesson.md"
    lesson.write_text(lesson.read_text() + HOSTILE_BODY)
    config = (project.root / "mkdocs.yml").read_text().replace("  - course\n", "  - course:\n      raw_html: false\n")
    project.write("mkdocs.yml", config)
    return project


def test_untrusted_sources_show_raw_html_as_text(project: Project) -> None:
    site = hostile_project(project).build()
    html = (site / "basics/first-lesson/index.html").read_text()
    article = html[html.index('id="hostile"'):html.index("You can still read this sentence.")]
    assert "<script>" not in article and "<img" not in article and "<iframe" not in article
    assert "&lt;script&gt;" in article and "&lt;img src=x onerror" in article


def test_hostile_lesson_runs_nothing_in_chromium(project: Project, serve, page) -> None:
    site = hostile_project(project).build()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(serve(site) + "basics/first-lesson/")
    page.wait_for_load_state("load")
    assert page.get_by_text("You can still read this sentence.").is_visible()
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.locator("article img[onerror], article iframe, article [onclick]").count() == 0
    # The patient sees the markup as text, as written.
    assert page.get_by_text('<script>window.__pwned = 1; alert("script")</script>').count() == 1


def test_trusted_default_keeps_staff_html(project: Project) -> None:
    lesson = project.root / "lessons/basics/first-lesson.md"
    lesson.write_text(lesson.read_text() + '\n<div class="callout">Staff <strong>HTML</strong></div>\n')
    html = (project.build() / "basics/first-lesson/index.html").read_text()
    assert '<div class="callout">Staff <strong>HTML</strong></div>' in html


def test_late_failure_leaves_previous_site(project: Project) -> None:
    """A build that fails after every page was written (here: a post-build hook) keeps the old site."""
    site = project.build()
    marker = site / "index.html"
    before = marker.read_bytes()
    project.write("hooks/fail.py", """
        from mkdocs.exceptions import PluginError

        def on_post_build(config):
            raise PluginError("simulated failure after writing every page")
    """)
    config = (project.root / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", config + "hooks:\n  - hooks/fail.py\n")
    lesson = project.root / "lessons/basics/first-lesson.md"
    lesson.write_text(lesson.read_text().replace("title: The first lesson", "title: Changed title"))
    result = project.run("build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "simulated failure" in result.stderr and "Traceback" not in result.stderr
    assert marker.read_bytes() == before
    assert "Changed title" not in (site / "basics/first-lesson/index.html").read_text()
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site")) == []
