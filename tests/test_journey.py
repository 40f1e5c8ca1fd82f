"""The journey pages as built HTML: my lessons, completion record, assignment builder, catalogue and facilitator
guide; ready-made sets in the course file; the QR code library shipped with the site.

What the pages do in a browser is in test_journey_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, Project
from generator import journey
from generator.checks import SourcePaths, load_course_or_raise

SETS = """
sets:
  - id: getting-started
    title: Getting started
    lessons: [first-lesson, second-lesson]
"""


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def article_html(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def article(html: str) -> str:
    """The text of the page itself, without navigation."""
    return text_of(html[html.index("<article"):html.index("</article>")])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The sample course with a ready-made set, built once."""
    import shutil

    root = tmp_path_factory.mktemp("journey") / "course"
    shutil.copytree(ROOT / "tests/fixtures/sample", root)
    project = Project(root)
    with (root / "lessons/course.yml").open("a", encoding="utf-8") as course:
        course.write(SETS)
    project.build()
    return project


# ---------------------------------------------------------------- ready-made sets in the course file


def test_a_set_naming_an_unknown_lesson_is_reported_with_file_and_line(project: Project) -> None:
    with (project.root / "lessons/course.yml").open("a", encoding="utf-8") as course:
        course.write("sets:\n  - id: starter\n    title: Starter\n    lessons:\n      - first-lesson\n      - no-such-lesson\n      - first-lesson\n")
    lines = (project.root / "lessons/course.yml").read_text().splitlines()
    unknown = lines.index("      - no-such-lesson") + 1
    result = project.run("check")
    assert result.returncode == 1
    assert f"lessons/course.yml:{unknown}: error: set 'starter': no lesson with id 'no-such-lesson'" in result.stdout
    assert f"lessons/course.yml:{unknown + 1}: error: set 'starter': lesson 'first-lesson' is listed twice" in result.stdout


@pytest.mark.parametrize(("sets", "message"), [
    ("  - {id: a, title: A, lessons: [first-lesson]}\n  - {id: a, title: B, lessons: [second-lesson]}\n", "set id 'a' is used 2 times"),
    ("  - {id: a, title: A, lessons: []}\n", "lessons/course.yml:13: error: 'sets.0.lessons': List should have at least 1 item"),
    ("  - {id: a, title: A, lessons: [First Lesson]}\n", "lessons/course.yml:13: error: 'sets.0.lessons.0' must be a slug"),
])
def test_set_ids_are_unique_and_sets_name_lessons_by_id(project: Project, sets: str, message: str) -> None:
    with (project.root / "lessons/course.yml").open("a", encoding="utf-8") as course:
        course.write("sets:\n" + sets)
    result = project.run("check")
    assert result.returncode == 1
    assert message in result.stdout


def test_the_bundled_course_has_a_before_discharge_set_of_patient_lessons() -> None:
    content = load_course_or_raise(SourcePaths.under(ROOT))
    sets = {s.id: s for s in content.course.sets}
    before = sets["before-discharge"]
    assert before.title == "Before discharge" and 5 <= len(before.lessons) <= 8
    lessons = {lesson.id: lesson for lesson in content.lessons}
    assert all("patient" in lessons[lesson_id].audience for lesson_id in before.lessons)


def test_sets_keep_only_the_lessons_a_site_includes() -> None:
    content = load_course_or_raise(SourcePaths.under(ROOT))
    clinicians_only = SimpleNamespace(content=content.selected([], ["clinician"]))
    assert journey.site_sets(clinicians_only) == []  # no patient lesson left: the sets go
    meetings = SimpleNamespace(content=content.selected(["meetings"], []))
    before = next(s for s in journey.site_sets(meetings) if s.id == "before-discharge")
    assert before.lessons == ["open-and-closed-meetings", "your-first-meeting"]


# ---------------------------------------------------------------- the pages


def test_patients_find_my_lessons_near_the_top_and_clinicians_their_tools_together(built: Project) -> None:
    nav = built.page("index.html")
    nav = nav[nav.index('class="md-nav md-nav--primary"'):]
    links = list(dict.fromkeys(re.findall(r'<a href="([^"#]*)" class="md-nav__link', nav)))
    assert links[:2] == [".", "my-lessons/"]
    assert links[links.index("catalogue/"):][:3] == ["catalogue/", "assign/", "facilitator/"]
    assert "Clinician tools" in text_of(nav)
    # The record is one step from My lessons, and each module's guide from the guide's overview.
    assert 'href="../record/"' in built.page("my-lessons/index.html")
    assert 'href="basics/"' in built.page("facilitator/index.html")
    assert 'href="../"' in article_html(built.page("facilitator/basics/index.html"))


def test_lesson_links_on_the_journey_pages_are_resolved_by_mkdocs(built: Project) -> None:
    for uri, prefix in (("catalogue/index.html", "../"), ("my-lessons/index.html", "../"), ("record/index.html", "../"),
                        ("facilitator/basics/index.html", "../../")):
        html = built.page(uri)
        assert f'href="{prefix}basics/first-lesson/"' in html, uri
        assert ".md\"" not in html and "markdown=" not in html, uri


def test_my_lessons_and_record_carry_every_lesson_for_their_script(built: Project) -> None:
    for uri in ("my-lessons/index.html", "record/index.html"):
        html = built.page(uri)
        items = re.findall(r'<li ([^>]*data-lesson="[^"]+"[^>]*)>', html)
        assert len(items) == 2
        first = dict(re.findall(r'(data-[\w-]+)="([^"]*)"', items[0]))
        assert first == {"data-lesson": "first-lesson", "data-module": "basics", "data-module-title": "Basics",
                         "data-minutes": "5", "data-questions": "2", "data-pass-mark": "50"}
        assert "assets/course/journey.js" in html and "assets/course/journey.css" in html
        assert "qrcode-generator.js" not in html
    assert "Sample course" in text_of(built.page("record/index.html"))  # no program_name: the course title


def test_assignment_builder_offers_sets_lessons_date_and_a_note_with_a_warning(built: Project) -> None:
    html = built.page("assign/index.html")
    text = text_of(html)
    assert 'data-lessons="first-lesson second-lesson">Getting started (2 lessons)</button>' in html
    assert re.search(r'<input type="checkbox" id="assign-first-lesson" name="lesson" value="first-lesson"', html)
    assert '<input type="date" id="assign-due"' in html
    assert f'maxlength="{journey.NOTE_MAX}"' in html
    assert "No names or health details" in text and "Never type a name" in text
    # The QR code library and the builder's script, from the site itself, and on this page only.
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert "../assets/course/qrcode-generator.js" in scripts and "../assets/course/assign.js" in scripts
    assert scripts.index("../assets/course/qrcode-generator.js") < scripts.index("../assets/course/assign.js")
    assert all(not s.startswith(("http:", "https:", "//")) for s in scripts)
    assert "qrcode-generator.js" not in built.page("my-lessons/index.html")


def test_facilitator_guide_gathers_notes_and_prompts_one_page_per_module(built: Project) -> None:
    basics = article(built.page("facilitator/basics/index.html"))
    assert "Facilitator guide: Basics" in basics
    assert basics.index("The first lesson") < basics.index("Ask what the group expects.") < basics.index("What have you heard about groups?")
    assert basics.index("What have you heard about groups?") < basics.index("The second lesson")
    assert "Say what a group is." in basics and "pass mark 50%" in basics
    assert "Print this guide" in basics
    overview = article(built.page("facilitator/index.html"))
    assert "Basics" in overview and "Later" in overview


def test_catalogue_has_filters_for_module_and_audience(built: Project) -> None:
    html = built.page("catalogue/index.html")
    assert '<select id="catalogue-module" data-filter="module">' in html and '<option value="basics">Basics</option>' in html
    assert '<select id="catalogue-audience" data-filter="audience">' in html and '<option value="patient">patient</option>' in html
    assert "assets/course/catalogue.js" in html and "assets/course/journey.css" in html


def test_lesson_pages_get_the_progress_line_and_store_js_loads_everywhere(built: Project) -> None:
    lesson = built.page("basics/first-lesson/index.html")
    assert '<div class="course-progress" data-lesson="first-lesson"' in lesson and "Mark as read" in lesson
    assert "assets/course/journey.js" in lesson
    for uri in ("index.html", "about/index.html", "my-lessons/index.html", "basics/first-lesson/index.html"):
        assert "assets/course/store.js" in built.page(uri), uri


# ---------------------------------------------------------------- the QR code library


def test_qr_library_is_the_npm_packages_file_with_its_license_and_version() -> None:
    """generator/assets/qrcode-generator.js is copied by `make vendor` from the npm package, never edited."""
    package = ROOT / "node_modules" / "qrcode-generator"
    if not package.exists():
        pytest.fail(f"{package} is missing: run `make test`, which installs the npm packages (npm ci)")
    assets = ROOT / "generator" / "assets"
    assert (assets / "qrcode-generator.js").read_bytes() == (package / "dist" / "qrcode.js").read_bytes()
    meta = json.loads((package / "package.json").read_text())
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["qrcode-generator"]
    assert meta["version"] == pinned and meta["license"] == "MIT"
    notice = (assets / "qrcode-generator.LICENSE.txt").read_text()
    assert notice.startswith(f"qrcode-generator {pinned},") and "Copyright (c) 2009 Kazuhiko Arase" in notice


# Gzipped bytes: a patient's phone on a slow connection loads journey.js and journey.css on every lesson.
BUDGET = {"journey.js": 8_000, "assign.js": 4_000, "catalogue.js": 2_500, "journey.css": 3_000}


@pytest.mark.parametrize("name", BUDGET)
def test_journey_scripts_stay_small(name: str) -> None:
    import gzip

    size = len(gzip.compress((ROOT / "generator" / "assets" / name).read_bytes(), 9))
    assert size < BUDGET[name], f"{name}: {size} bytes gzipped"
