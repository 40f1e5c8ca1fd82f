"""Hosting (issue 6): branding from mkdocs.yml, choosing modules and audiences, private pages,
reproducible and safe builds, the offline zip. Browser checks are in test_hosting_browser.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hosting_support import BRAND_OPTIONS, LOGO, copy_bundled_course, with_course_options
from conftest import ROOT, Project
from generator import branding, privacy


def tree(site: Path) -> dict[str, str]:
    """Every file under site/ with the hash of its bytes."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*")) if path.is_file()
    }


# ---------------------------------------------------------------- branding


def test_branding_options_reach_every_page_without_template_edits(project: Project) -> None:
    with_course_options(project, BRAND_OPTIONS)
    project.write("branding/logo.svg", LOGO)
    site = project.build()
    for uri in ("index.html", "basics/first-lesson/index.html", "about/index.html"):
        html = project.page(uri)
        # Name, phone and footer text, in the footer and the help box.
        assert "Riverside Recovery Center" in html and "For patients and families of Riverside." in html
        assert '<a href="tel:5550100199">(555) 010-0199</a>' in html
        # The program's own crisis lines replace the US defaults.
        assert "If you need help now" in html and "Samaritans" in html and "Call 116 123" in html
        assert "988" not in html and "1-800-662-4357" not in html
        # Colours: Material's palette steps aside and the program's colours become its CSS variables.
        assert 'data-md-color-primary="custom"' in html and 'data-md-color-accent="custom"' in html
        assert "--md-primary-fg-color: #1b5e7a;" in html and "--md-accent-fg-color: #c2185b;" in html
        assert re.search(r'<img src="(\.\./)*assets/course/logo\.svg"', html)
    assert (site / "assets/course/logo.svg").read_text() == LOGO


def test_program_colours_keep_text_readable() -> None:
    pale, dark = "#ffe066", "#0b2545"  # a pale yellow brand colour and a navy one
    pale_vars, dark_vars = branding.color_variables(pale, None), branding.color_variables(dark, None)
    # Text on the header bar: dark on the pale colour, white on the navy one.
    assert pale_vars["primary"]["--md-primary-bg-color"] == "#1a1a1a"
    assert dark_vars["primary"]["--md-primary-bg-color"] == "#ffffff"
    # Links are shaded just enough to read (4.5:1) on white and on the dark scheme's background.
    for variables in (pale_vars, dark_vars):
        assert branding.contrast(variables["primary"]["--md-typeset-a-color"], "#ffffff") >= 4.5
        assert branding.contrast(variables["primary_slate"]["--md-typeset-a-color"], branding.SLATE_BACKGROUND) >= 4.5
    assert dark_vars["primary"]["--md-typeset-a-color"] == dark  # already readable: left as the program chose


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("  - course:\n      primary_color: teal\n", "'teal' is not a hex colour"),
        ("  - course:\n      logo: branding/missing.png\n", "logo 'branding/missing.png': no such file"),
        ("  - course:\n      modules: [basics, advanced]\n", "no module advanced in the course file; use some of: basics, later"),
    ],
)
def test_branding_and_contents_mistakes_are_explained(project: Project, options: str, message: str) -> None:
    with_course_options(project, options)
    result = project.run("build")
    assert result.returncode == 1
    assert message in result.stderr


def test_modules_and_audiences_leave_lessons_out_of_the_site(project: Project) -> None:
    lesson = project.root / "lessons/basics/second-lesson.md"
    lesson.write_text(lesson.read_text().replace("audience: [patient]", "audience: [clinician]"))
    with_course_options(project, "  - course:\n      audiences: [patient, family]\n")
    site = project.build()
    assert (site / "basics/first-lesson/index.html").exists()
    assert not (site / "basics/second-lesson/index.html").exists()
    for uri in ("index.html", "basics/index.html", "glossary/index.html", "search/search_index.json"):
        assert "The second lesson" not in project.page(uri), uri
    assert "The first lesson" in project.page("index.html")


def test_modules_option_keeps_only_the_named_modules(project: Project) -> None:
    with_course_options(project, "  - course:\n      modules: [later]\n")
    result = project.run("build")
    # Every lesson of the sample is in 'basics', so leaving it out leaves nothing to read.
    assert result.returncode == 1 and "leave no lesson in the site" in result.stderr


# ---------------------------------------------------------------- private by construction


def test_privacy_check_finds_what_a_page_loads_not_what_it_links() -> None:
    html = """
      <a href="https://www.aa.org/">a link the reader may follow</a>
      <img src="images/local.png" alt=""><img src="data:image/png;base64,AAAA" alt="">
      <img srcset="small.png 1x, https://cdn.example/big.png 2x" alt="">
      <script src="//cdn.example/lib.js"></script>
      <link rel="stylesheet" href="https://fonts.example/css"><link rel="canonical" href="https://example.org/">
      <iframe src="https://video.example/embed/1"></iframe>
      <div style="background: url('https://img.example/bg.png')"></div>
      <style>@import "https://css.example/more.css";</style>
    """
    found = [(item.tag, item.url) for item in privacy.external_requests(html)]
    assert found == [
        ("img", "https://cdn.example/big.png"),
        ("script", "//cdn.example/lib.js"),
        ("link", "https://fonts.example/css"),
        ("iframe", "https://video.example/embed/1"),
        ("div", "https://img.example/bg.png"),
        ("style", "https://css.example/more.css"),
    ]


def test_privacy_check_reads_a_page_the_way_a_browser_does() -> None:
    """What a script copies from a <template> into the page loads too; `<image>` is an <img> to a browser;
    SVG, upper case and unquoted attributes are no way around the check."""
    html = """
      <template class="help"><p>Call us</p><img src="https://t.example/in-template.png" alt=""></template>
      <image src="https://i.example/image-tag.png">
      <svg><use xlink:href="https://s.example/sprite.svg#a"></use><image href="https://s.example/pic.png"/></svg>
      <IMG SRC=https://u.example/upper.png ALT="">
      <!-- <img src="https://c.example/in-a-comment.png"> -->
      <p title='<img src="https://q.example/in-an-attribute.png">'>text</p>
    """
    found = sorted(item.url for item in privacy.external_requests(html))
    assert found == ["https://i.example/image-tag.png", "https://s.example/pic.png", "https://s.example/sprite.svg#a",
                     "https://t.example/in-template.png", "https://u.example/upper.png"]


def test_lesson_with_an_outside_image_fails_and_the_previous_site_stays(project: Project) -> None:
    site = project.build()
    before = tree(site)
    lesson = project.root / "lessons/basics/first-lesson.md"
    lesson.write_text(lesson.read_text() + "\n![A meeting](https://images.example.org/meeting.jpg)\n")
    result = project.run("build")
    assert result.returncode == 1
    assert "lessons/basics/first-lesson.md: the page would load files from other sites" in result.stderr
    assert "<img> https://images.example.org/meeting.jpg" in result.stderr
    assert "left as it was" in result.stderr
    assert tree(site) == before, "a failed build changed site/"
    assert not list(project.root.glob(".site-*")), "the temporary build folder was not removed"


def test_failing_lesson_link_mid_build_leaves_the_whole_previous_site(project: Project) -> None:
    """A failure inside MkDocs' build (strict: a broken link), after pages were already written."""
    site = project.build()
    before = tree(site)
    lesson = project.root / "lessons/basics/second-lesson.md"
    lesson.write_text(lesson.read_text() + "\nSee [the missing lesson](missing-lesson.md).\n")
    result = project.run("build")
    assert result.returncode == 1 and "missing-lesson.md" in result.stderr
    assert tree(site) == before


def test_privacy_page_says_in_plain_words_what_stays_and_how_to_clear_it() -> None:
    text = (ROOT / "docs/privacy.md").read_text()
    for words in ("stays on this device", "quiz answers", "progress", "assignments", "never sent anywhere",
                  "Clear my answers on this device", "Forget me on this device", "course-shared-switch",
                  "site data"):
        assert words in text, words


# ---------------------------------------------------------------- reliable builds


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path: Path) -> None:
    """The bundled course built twice, as if on different days (SOURCE_DATE_EPOCH), gives the same bytes."""
    project = copy_bundled_course(tmp_path / "course")
    sites = []
    for day, epoch in (("first", "1700000000"), ("second", "1800000000")):
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch}
        result = subprocess.run([sys.executable, "-m", "generator", "build", "-d", str(tmp_path / day)],
                                cwd=project.root, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        sites.append(tree(tmp_path / day))
    first, second = sites
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == [], f"files that differ between two builds: {differing}"
    assert len(first) > 40


# ---------------------------------------------------------------- offline zip


def test_zip_refuses_a_site_that_would_not_work_from_a_folder(project: Project) -> None:
    result = project.run("zip")
    assert result.returncode == 1
    assert "use_directory_urls: false" in result.stderr and "'offline' plugin" in result.stderr
    assert not list(project.root.glob("*.zip"))


def test_zip_holds_a_dated_folder_that_opens_from_disk(project: Project) -> None:
    config = (project.root / "mkdocs.yml").read_text().replace("  - search\n", "  - search\n  - offline\n")
    project.write("mkdocs.yml", "use_directory_urls: false\n" + config)
    result = project.run("zip", "-o", "dist")
    assert result.returncode == 0, result.stderr
    name = f"sample-course-{dt.date.today().isoformat()}"
    archive = project.root / "dist" / f"{name}.zip"
    assert archive.is_file() and str(archive.name) in result.stdout
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert names == sorted(names[:1]) + sorted(names[1:])  # README first, then the site in a fixed order
        assert f"{name}/README.txt" in names and f"{name}/index.html" in names
        assert f"{name}/basics/first-lesson.html" in names and f"{name}/search/search_index.js" in names
        assert not [n for n in names if n.endswith(".map")], "source maps are for developers, not wards"
        assert all(n.startswith(f"{name}/") for n in names)
        assert "open the file index.html" in opened.read(f"{name}/README.txt").decode()
    first = archive.read_bytes()
    assert project.run("zip", "-o", "dist").returncode == 0
    assert archive.read_bytes() == first, "zipping the same site on the same day gives the same bytes"
