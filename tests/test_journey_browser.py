"""The patient's journey in Chromium: a clinician builds an assignment, a patient opens its link (decoded from the
QR code) in a open_page browser, reads a lesson, takes its quiz, sees the statuses change and prints the completion
record; broken links say what is wrong and keep the rest; axe-core finds nothing on the journey pages.

The sample course (use_directory_urls on: my-lessons/) carries the whole journey; the bundled course
(my-lessons.html, as shipped) the catalogue, the "Before discharge" set and a one-page record of seven lessons.
"""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from conftest import ROOT, Project
from hosting_support import copy_bundled_course

PROGRAM = "Riverside Recovery Center"
SETS = """
sets:
  - id: getting-started
    title: Getting started
    lessons: [first-lesson, second-lesson]
"""
NOTE = 'Bring this to group on Tuesday: "5 & 6" = 50% café #1?'
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


@dataclass
class Site:
    project: Project
    url: str  # base URL, ending in "/"
    suffix: str  # "/" with directory URLs, ".html" without

    def at(self, name: str) -> str:
        return self.url + name + self.suffix


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, serve) -> Site:
    root = tmp_path_factory.mktemp("journey-sample") / "course"
    shutil.copytree(ROOT / "tests/fixtures/sample", root)
    project = Project(root)
    with (root / "lessons/course.yml").open("a", encoding="utf-8") as course:
        course.write(SETS)
    config = (root / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", config.replace("  - course\n", f"  - course:\n      program_name: {PROGRAM}\n"))
    project.build()
    return Site(project, serve(root / "site"), "/")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory, serve) -> Site:
    project = copy_bundled_course(tmp_path_factory.mktemp("journey-bundled") / "course")
    project.build()
    return Site(project, serve(project.root / "site"), ".html")


def stored(page: Page, name: str):
    return page.evaluate("(name) => window.courseStore.get(name)", name)


def answer(page: Page, lesson: str, answers: dict[str, str]) -> None:
    """Answer each question as a patient does: choose, then press its Check button."""
    for question, label in answers.items():
        fieldset = page.locator(f"#q-{lesson}-{question}")
        fieldset.get_by_label(label, exact=True).check()
        fieldset.get_by_role("button", name=re.compile("^Check")).click()


def status_of(page: Page, lesson: str) -> str:
    return page.locator(f'.course-journey-item[data-lesson="{lesson}"] .course-journey-status').inner_text()


def decode_qr(page: Page) -> list[str]:
    """What a phone's camera reads from the QR code on the assignment sheet."""
    import zxingcpp

    png = page.locator(".course-sheet-qr svg").screenshot()
    return [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def build_assignment(page: Page, site: Site, set_name: str, due: str, note: str) -> str:
    page.goto(site.at("assign"))
    page.get_by_role("button", name=re.compile("^" + set_name)).click()
    expect(page.locator(".course-assign-status")).to_contain_text(f"lessons of \u201c{set_name}\u201d.")
    page.get_by_label("Due date").fill(due)
    page.get_by_label("Note for the patient").fill(note)
    expect(page.locator(".course-sheet-link")).to_contain_text("due=" + due)
    return page.get_by_label("Link to the patient's list").input_value()


# ---------------------------------------------------------------- the whole journey


def test_assignment_link_from_qr_code_opens_the_list_and_statuses_follow_the_patient(sample: Site, open_page) -> None:
    # The clinician: a ready-made set, a due date and a note. Nothing is saved on the clinician's device.
    clinic = open_page(device_scale_factor=2)
    link = build_assignment(clinic, sample, "Getting started", "2026-12-01", NOTE)
    assert link == sample.at("my-lessons") + "#a=first-lesson,second-lesson&due=2026-12-01&n=" + quote(NOTE, safe="!'()*-._~")
    assert NOTE not in link and "café" not in link  # percent-encoded, ASCII only
    expect(clinic.locator(".course-assign-status")).to_have_text("2 lessons ticked, about 11 minutes. The link, QR code and sheet below are up to date.")
    sheet = clinic.locator(".course-sheet")
    expect(sheet).to_contain_text(PROGRAM)
    expect(sheet).to_contain_text("The first lesson · about 5 min")
    expect(sheet).to_contain_text("2 lessons, about 11 minutes in all.")
    expect(sheet).to_contain_text("Finish by Tuesday, December 1, 2026.")
    expect(sheet.locator(".course-sheet-note")).to_have_text("Note: " + NOTE)
    assert decode_qr(clinic) == [link]
    assert clinic.evaluate("window.courseStore.names()") == []

    # The patient, on their own phone: the link read from the QR code.
    phone = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(decode_qr(clinic)[0])
    expect(phone.locator(".course-journey-item")).to_have_count(2)
    expect(phone.locator(".course-journey-saved")).to_contain_text("Your list is saved on this device")
    expect(phone.locator(".course-journey-due")).to_have_text("Due by Tuesday, December 1, 2026.")
    expect(phone.locator(".course-journey-note span")).to_have_text(NOTE)
    assert [status_of(phone, l) for l in ("first-lesson", "second-lesson")] == ["Not started", "Not started"]
    assert phone.evaluate("location.hash") == ""  # the address bar and the history keep no note
    saved = stored(phone, "assignment")
    assert saved["lessons"] == ["first-lesson", "second-lesson"] and saved["due"] == "2026-12-01" and saved["note"] == NOTE
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", saved["received"])

    # The note and the due date survive a new visit: they come from the device now, not the link.
    phone.goto(sample.at("my-lessons"))
    expect(phone.locator(".course-journey-note span")).to_have_text(NOTE)
    expect(phone.locator(".course-journey-due")).to_have_text("Due by Tuesday, December 1, 2026.")
    expect(phone.locator(".course-journey-progress")).to_contain_text("0 of 2 lessons done")

    # First lesson: the quiz, all right, then the end of the page.
    phone.get_by_role("link", name="Start with: The first lesson").click()
    expect(phone.locator(".course-progress-status")).to_have_text("Not read yet.")
    answer(phone, "first-lesson", {"what-group": "People helping each other", "cost": "Nothing"})
    expect(phone.locator(".course-result")).to_contain_text("You got 2 of 2 right (100%).")
    phone.locator(".course-read-end").scroll_into_view_if_needed()
    expect(phone.locator(".course-progress-status")).to_contain_text("Read on ")
    expect(phone.locator(".course-progress-status")).to_contain_text("Quiz passed: 2 of 2 (100%).")
    result = stored(phone, "result:first-lesson")
    assert result["score"] == 2 and result["total"] == 2 and result["passed"] is True

    # Second lesson: "Mark as read" at the top, then the quiz, one of two right (the pass mark is 80%).
    phone.goto(sample.at("basics/second-lesson"))
    expect(phone.locator(".course-progress-status")).to_have_text("Not read yet.")
    phone.get_by_role("button", name="Mark as read").click()
    expect(phone.locator(".course-progress-status")).to_contain_text("Read on ")
    expect(phone.get_by_role("button", name="Mark as read")).to_be_hidden()
    answer(phone, "second-lesson", {"kinds": "Speaker meeting", "order": "The other"})
    expect(phone.locator(".course-result")).to_contain_text("You got 1 of 2 right (50%).")
    assert stored(phone, "last:")["lesson"] == "second-lesson"

    phone.goto(sample.at("my-lessons"))
    assert status_of(phone, "first-lesson") == "Quiz passed: 2 of 2 (100%)"
    assert status_of(phone, "second-lesson") == "Quiz: 1 of 2 (50%), pass mark 80%"
    expect(phone.locator(".course-journey-progress")).to_contain_text("1 of 2 lessons done")
    expect(phone.locator(".course-journey-continue a")).to_have_text("Continue where I left off: The second lesson")

    # The completion record, printed to PDF: the lessons, the scores against the pass marks, on one page.
    phone.get_by_role("link", name="Print my completion record").click()
    expect(phone.locator(".course-record-table tbody tr")).to_have_count(2)
    reader = PdfReader(io.BytesIO(phone.pdf(format="Letter")))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) == 1, text
    for expected in (PROGRAM, "Completion record", "Printed on", "The first lesson", "2 of 2 (100%)", "50%",
                     "The second lesson", "1 of 2 (50%)", "80%", "1 of 2 lessons completed",
                     "about 11 minutes", "Nothing on this page was sent anywhere"):
        assert expected in text, (expected, text)
    assert "Get help now" not in text and "My lessons" not in text  # plain: no help box, no navigation


def test_opening_another_link_replaces_the_list_and_keeps_progress(sample: Site, open_page) -> None:
    phone = open_page()
    phone.goto(sample.at("my-lessons") + "#a=first-lesson,second-lesson")
    phone.evaluate("window.courseStore.set('read:second-lesson', {date: '2026-11-02'})")
    phone.goto(sample.at("my-lessons") + "#a=second-lesson&due=2027-01-15")
    expect(phone.locator(".course-journey-item")).to_have_count(1)
    assert status_of(phone, "second-lesson") == "Read"
    expect(phone.locator(".course-journey-due")).to_contain_text("January 15, 2027")
    expect(phone.locator(".course-journey-note")).to_have_count(0)
    # Removing the list shows the whole course again, with the same statuses.
    phone.get_by_role("button", name="Remove this list from this device").click()
    expect(phone.locator(".course-journey-saved")).to_contain_text("Your list is removed")
    expect(phone.locator(".course-journey-nolist")).to_be_visible()
    expect(phone.locator(".course-journey-item")).to_have_count(2)
    assert status_of(phone, "second-lesson") == "Read" and stored(phone, "assignment") is None


# ---------------------------------------------------------------- links that are wrong


def test_unknown_lessons_and_a_malformed_date_are_reported_and_the_valid_rest_kept(sample: Site, open_page) -> None:
    phone = open_page()
    phone.goto(sample.at("my-lessons") + "#a=first-lesson,no-such-lesson,..%2Fetc,first-lesson&due=2026-02-30&n=See%20you%20soon")
    notice = phone.get_by_role("alert")
    expect(notice).to_contain_text("Part of this link could not be used")
    expect(notice).to_contain_text("lessons this course does not have (no-such-lesson, ../etc)")
    expect(notice).to_contain_text("The due date in this link (2026-02-30) is not a real date")
    expect(notice).to_contain_text("The rest of the link is fine")
    expect(phone.locator(".course-journey-item")).to_have_count(1)  # first-lesson, once
    expect(phone.locator(".course-journey-item a")).to_have_text("The first lesson")
    expect(phone.locator(".course-journey-note span")).to_have_text("See you soon")
    expect(phone.locator(".course-journey-due")).to_have_count(0)
    assert stored(phone, "assignment")["due"] is None


def test_a_link_without_any_lesson_of_the_course_changes_nothing(sample: Site, open_page) -> None:
    phone = open_page()
    phone.goto(sample.at("my-lessons") + "#a=second-lesson&n=First%20list")
    phone.goto(sample.at("my-lessons") + "#a=nope,old-lesson&due=soon")
    notice = phone.get_by_role("alert")
    expect(notice).to_contain_text("This link has no lessons of this course, so your list did not change")
    expect(notice).to_contain_text("(soon) is not a real date")
    expect(phone.locator(".course-journey-note span")).to_have_text("First list")  # the list from before stays
    assert stored(phone, "assignment")["lessons"] == ["second-lesson"]


def test_a_note_is_shown_as_text_and_kept_short(sample: Site, open_page) -> None:
    phone = open_page()
    hostile = "<img src=x onerror=alert(1)>" + "x" * 300
    phone.goto(sample.at("my-lessons") + "#a=first-lesson&n=" + quote(hostile))
    note = phone.locator(".course-journey-note span")
    expect(note).to_have_text(hostile[:140])
    assert note.locator("img").count() == 0
    expect(phone.get_by_role("alert")).to_contain_text("only its first 140 characters are shown")


def test_without_an_assignment_my_lessons_shows_the_whole_course(sample: Site, open_page) -> None:
    phone = open_page()
    phone.goto(sample.at("my-lessons"))
    expect(phone.locator(".course-journey-nolist")).to_contain_text("You have no list from your care team")
    expect(phone.locator(".course-journey-view h2")).to_have_text(["Basics"])
    expect(phone.locator(".course-journey-item")).to_have_count(2)
    expect(phone.locator(".course-journey-continue a")).to_have_text("Start with: The first lesson")
    expect(phone.locator(".course-lesson-data")).to_be_hidden()  # the page's own list is the no-JavaScript view
    phone.goto(sample.at("record"))
    expect(phone.locator(".course-record-list")).to_contain_text("Nothing is saved on this device yet")


# ---------------------------------------------------------------- the bundled course: catalogue, set, record


def test_catalogue_filters_by_module_and_audience_and_sorts(bundled: Site, open_page) -> None:
    page = open_page()
    page.goto(bundled.at("catalogue"))
    rows = page.locator("table.course-catalogue tbody tr:visible")
    expect(rows).to_have_count(25)
    page.get_by_label("Audience", exact=True).select_option("clinician")
    expect(rows).to_have_count(5)
    expect(page.locator(".course-catalogue-count")).to_have_text("5 of 25 lessons")
    page.get_by_label("Module", exact=True).select_option("meetings")
    expect(rows).to_have_count(0)
    page.get_by_label("Audience", exact=True).select_option("")
    expect(rows).to_have_count(6)
    page.get_by_role("button", name="Minutes").click()
    minutes = [int(m) for m in rows.locator("td:nth-child(4)").all_inner_texts()]
    assert minutes == sorted(minutes)
    expect(page.locator("th", has=page.get_by_role("button", name="Minutes"))).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("button", name="Minutes").click()
    assert [int(m) for m in rows.locator("td:nth-child(4)").all_inner_texts()] == sorted(minutes, reverse=True)
    # Every lesson link leads to its lesson page.
    page.get_by_role("link", name="Your first meeting").click()
    expect(page.locator("h1")).to_have_text(re.compile("Your first meeting"))


def test_before_discharge_set_makes_a_scannable_link_and_a_one_page_record(bundled: Site, open_page) -> None:
    clinic = open_page(device_scale_factor=2)
    link = build_assignment(clinic, bundled, "Before discharge", "2026-12-01", "Read one a day.")
    ids = link.split("#a=")[1].split("&")[0].split(",")
    assert len(ids) == 7 and "your-first-meeting" in ids and "help-right-now" in ids
    assert decode_qr(clinic) == [link]
    # Printed, the builder is the sheet alone.
    reader = PdfReader(io.BytesIO(clinic.pdf(format="Letter")))
    sheet = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) == 1, sheet
    assert "Your first meeting" in sheet and "7 lessons, about 45 minutes" in sheet and "Read one a day." in sheet
    assert "Tick" not in sheet and "Copy the link" not in sheet

    phone = open_page()
    phone.goto(link)
    expect(phone.locator(".course-journey-item")).to_have_count(7)
    for lesson in ids[:3]:
        phone.evaluate("(id) => window.courseStore.set('read:' + id, {date: '2026-11-20'})", lesson)
    phone.evaluate("window.courseStore.set('result:your-first-meeting', {score: 4, total: 5, percent: 80, passed: true, date: '2026-11-21'})")
    phone.goto(bundled.at("record"))
    expect(phone.locator(".course-record-table tbody tr")).to_have_count(7)
    reader = PdfReader(io.BytesIO(phone.pdf(format="Letter")))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) == 1, text
    assert "4 of 5 (80%)" in text and "Nov 21, 2026" in text and "about 45 minutes" in text


# ---------------------------------------------------------------- accessibility


def violations(page: Page, exclude: list | None = None) -> list[str]:
    context = {"exclude": exclude} if exclude else None
    result = Axe().run(page, context=context, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in result.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_the_journey_pages(bundled: Site, open_page, scheme: str) -> None:
    page = open_page(color_scheme=scheme)
    found = {}
    link = build_assignment(page, bundled, "Before discharge", "2026-12-01", "Read one a day.")
    found["assign"] = violations(page)
    page.goto(link.replace("#a=", "#a=nope,"))  # with the notice about the unknown lesson
    page.evaluate("window.courseStore.set('result:what-is-mutual-help', {score: 3, total: 4, percent: 75, passed: false, date: '2026-11-21'})")
    page.evaluate("window.courseStore.set('read:help-right-now', {date: '2026-11-20'})")
    expect(page.get_by_role("alert")).to_be_visible()
    found["my-lessons"] = violations(page)
    for name in ("record", "catalogue", "facilitator/index", "facilitator/meetings"):
        page.goto(bundled.at(name))
        page.wait_for_load_state("load")
        found[name] = violations(page)
    # A lesson with its progress line; its task list is the lesson template's (see tests/browser/test_quiz_axe.py).
    page.goto(bundled.at("meetings/your-first-meeting"))
    expect(page.locator(".course-progress-status")).to_contain_text("Not read yet.")
    found["lesson"] = violations(page, exclude=[[".task-list-item > input"]])
    assert {name: v for name, v in found.items() if v} == {}


def test_journey_pages_work_under_instant_navigation(tmp_path: Path, serve, open_page) -> None:
    # Material follows links instantly only to pages in its sitemap, whose addresses come from site_url.
    shutil.copytree(ROOT / "tests/fixtures/sample", tmp_path / "course")
    project = Project(tmp_path / "course")
    url = serve(project.root / "site")
    config = (project.root / "mkdocs.yml").read_text()
    config = config.replace("theme:\n  name: material\n", "theme:\n  name: material\n  features: [navigation.instant]\n")
    project.write("mkdocs.yml", f"site_url: {url}\n{config}")
    project.build()

    page = open_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")  # Material reads the sitemap before it takes over links
    page.evaluate("window.sameDocument = true")
    page.locator("nav").get_by_role("link", name="My lessons").first.click()
    expect(page.locator(".course-journey-item")).to_have_count(2)
    page.get_by_role("link", name="Start with: The first lesson").click()
    expect(page.locator(".course-progress-status")).to_have_text("Not read yet.")
    page.get_by_role("button", name="Mark as read").click()
    expect(page.locator(".course-progress-status")).to_contain_text("Read on ")
    page.locator("nav").get_by_role("link", name="My lessons").first.click()
    expect(page.locator('.course-journey-item[data-lesson="first-lesson"] .course-journey-status')).to_have_text("Read")
    assert page.evaluate("window.sameDocument") is True, "the page was reloaded: instant navigation is off"
