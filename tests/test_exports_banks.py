"""Quiz banks for an LMS: GIFT and Moodle XML exports of the bundled course, and the GIFT import."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import ROOT, SAMPLE, Project
from generator.checks import SourcePaths, load_course, load_course_or_raise
from generator.exports import gift, gift_import, moodle_xml
from generator.model import CourseContent, Matching, Ordering, Quiz
from generator.render import inline_markdown
from generator.sources import load_quiz

MOODLE_GIFT = ROOT / "tests" / "fixtures" / "moodle-gift"  # copies of ../shared/external/moodle-gift


@pytest.fixture(scope="module")
def course() -> CourseContent:
    return load_course_or_raise(SourcePaths.under(ROOT))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The bundled course, its sources copied (so exports and imports never touch the real ones)."""
    root = tmp_path_factory.mktemp("bundled") / "course"
    for name in ("lessons", "quizzes", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return Project(root)


def assert_clean_failure(result, *words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    for word in words:
        assert word in output, output


# ---------------------------------------------------------------- GIFT export and round trip


def test_gift_round_trips_every_question_gift_can_hold(bundled: Project, course: CourseContent, tmp_path: Path) -> None:
    """`export gift` then `import gift`, one lesson's category at a time, gives back every quiz unchanged
    (ordering questions aside, which GIFT cannot hold and the export reports with their lines)."""
    result = bundled.run("export", "gift", "-o", str(tmp_path / "bank.gift"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "bank.gift").read_text(encoding="utf-8")
    compared = 0
    for module in course.modules():
        for lesson in course.lessons_of(module.id):
            quiz = course.quizzes.get(lesson.id)
            if quiz is None:
                continue
            imported = gift_import.import_text(text, tmp_path / "bank.gift", lesson.id, f"{module.title}/{lesson.title}", None)
            assert imported.text is not None, [p.format() for p in imported.problems]
            assert imported.to_write == ""
            out = tmp_path / f"{lesson.id}.yml"
            out.write_text(imported.text, encoding="utf-8")
            back, problems, _ = load_quiz(out)
            assert back is not None, problems
            expected = [q for q in quiz.questions if not isinstance(q, Ordering)]
            assert [q.model_dump() for q in back.questions] == [q.model_dump() for q in expected]
            assert (back.lesson, back.pass_mark) == (lesson.id, quiz.pass_mark)
            compared += len(expected)
            for index, question in enumerate(quiz.questions):
                if isinstance(question, Ordering):
                    where = f"{quiz.path.relative_to(ROOT)}:{quiz.line_of('questions', index)}:"
                    assert any(where in row and question.id in row for row in result.stderr.splitlines()), result.stderr
    assert compared > 50


def test_gift_import_command_writes_a_quiz_that_checks(bundled: Project, course: CourseContent, tmp_path: Path) -> None:
    bundled.run("export", "gift", "-o", str(tmp_path / "bank.gift"))
    lesson = course.ordered_lessons()[0]
    module = course.course.module(lesson.module)
    target = bundled.root / "quizzes" / f"{lesson.id}.yml"
    original = target.read_text(encoding="utf-8")
    args = ("import", "gift", str(tmp_path / "bank.gift"), "-o", str(target), "--lesson", lesson.id,
            "--category", f"{module.title}/{lesson.title}")
    refused = bundled.run(*args)
    assert_clean_failure(refused, "already exists", "--force")
    assert target.read_text(encoding="utf-8") == original
    result = bundled.run(*args, "--force")
    assert result.returncode == 0, result.stderr
    check = bundled.run("check")
    assert check.returncode == 0, check.stderr


special_text = st.text(alphabet=list("ab \n~=#{}:\\[]%-5>*_/'\"<&"), min_size=1, max_size=20).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(special_text, min_size=4, max_size=4))
def test_gift_escapes_special_characters_by_moodles_rules(course: CourseContent, texts: list[str], tmp_path: Path) -> None:
    """Any text (GIFT's control characters, backslashes, line breaks, a leading [format] or %weight%) comes back as it was."""
    prompt, option, feedback, explanation = texts
    quiz = course.quizzes[course.ordered_lessons()[0].id]
    changed = []
    for question in quiz.questions:
        update = {"prompt": prompt, "explanation": explanation}
        if question.type in ("single", "multiple"):
            update["options"] = [o.model_copy(update={"text": f"{option} {i}", "feedback": feedback}) for i, o in enumerate(question.options)]
        elif question.type == "true_false":
            update.update(feedback_true=feedback, feedback_false=option)
        elif question.type == "matching":
            update["pairs"] = [p.model_copy(update={"item": f"{i} {option}".replace("->", "-"), "match": f"{option} {i}", "feedback": feedback})
                               for i, p in enumerate(question.pairs)]
        changed.append(question.model_copy(update=update))
    changed_quiz = quiz.model_copy(update={"questions": changed})
    changed_quiz.attach_source(quiz.path, {})
    content = course.model_copy(update={"quizzes": {quiz.lesson: changed_quiz}})
    export = gift.export_bank(content)
    imported = gift_import.import_text(export.text, tmp_path / "bank.gift", quiz.lesson, None, None)
    assert imported.text is not None, [p.format() for p in imported.problems]
    back = yaml.safe_load(imported.text)["questions"]
    expected = [q.model_dump(exclude_defaults=True) for q in changed if not isinstance(q, Ordering)]
    assert [Quiz.model_validate({"lesson": quiz.lesson, "questions": [b]}).questions[0].model_dump(exclude_defaults=True) for b in back] == expected


def test_gift_reports_what_it_cannot_hold(course: CourseContent) -> None:
    export = gift.export_bank(course)
    orderings = sum(isinstance(q, Ordering) for quiz in course.quizzes.values() for q in quiz.questions)
    assert orderings > 0 and len(export.notes) == orderings
    assert all(note.line and "ordering" in note.message for note in export.notes)
    assert "ordering" not in export.text.lower().split("$category")[0]
    matching = sum(isinstance(q, Matching) for quiz in course.quizzes.values() for q in quiz.questions)
    assert any(f"{matching} matching" in remark for remark in export.remarks)
    # Categories per module and lesson, each lesson once.
    categories = re.findall(r"^\$CATEGORY: (.+)$", export.text, flags=re.MULTILINE)
    assert len(categories) == len(course.quizzes)
    first = course.ordered_lessons()[0]
    assert categories[0] == f"$course$/{course.course.title}/{course.course.module(first.module).title}/{first.title}"


# ---------------------------------------------------------------- GIFT import of Moodle's own files


@pytest.mark.parametrize(
    ("name", "imported", "skipped"),
    [
        ("questions.gift.txt", 6, {2: "essay", 31: "numerical", 34: "short-answer"}),
        (
            "examples.gift.txt",
            26,
            {**{n: "short-answer" for n in (14, 43, 45, 90, 103, 108, 123, 173, 195)},
             **{n: "numerical" for n in (16, 70, 72, 74, 76, 85, 175, 202)}},
        ),
    ],
)
def test_import_of_moodles_gift_files_lists_each_unsupported_question_with_its_line(
    project: Project, name: str, imported: int, skipped: dict[int, str]
) -> None:
    source = MOODLE_GIFT / name
    result = project.run("import", "gift", str(source), "-o", "quizzes/imported.yml", "--lesson", "first-lesson")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    reported = {}
    for row in result.stderr.splitlines():
        match = re.match(rf"^{re.escape(str(source))}:(\d+): warning: skipped .*: an? ([a-z-]+)", row)
        if match:
            reported[int(match.group(1))] = match.group(2)
    assert reported == skipped
    assert f"{imported} questions imported, {len(skipped)} skipped" in result.stdout
    quiz = yaml.safe_load((project.root / "quizzes/imported.yml").read_text(encoding="utf-8"))
    assert len(quiz["questions"]) == imported
    # What GIFT does not hold is left for the author, and `check` names each place with its line.
    check = project.run("check")
    assert check.returncode == 1
    output = check.stdout + check.stderr
    assert re.search(r"quizzes/imported.yml:\d+: (error: )?'questions\.\d+\.objective' is missing", output), output


def test_import_reads_moodle_question_kinds_as_moodle_does(tmp_path: Path) -> None:
    result = gift_import.import_bank(MOODLE_GIFT / "questions.gift.txt", "some-lesson", None, None)
    questions = {q["id"]: q for q in yaml.safe_load(result.text)["questions"]}
    assert questions["q2"]["type"] == "single" and [o.get("correct", False) for o in questions["q2"]["options"]] == [True, False, False]
    assert questions["colours"]["type"] == "multiple"
    assert [o.get("correct", False) for o in questions["colours"]["options"]] == [True, False, True, False]
    tf = questions["q1"]
    assert (tf["answer"], tf["feedback_true"], tf["feedback_false"]) == (False, "42 is the Ultimate Answer.", "You gave the right answer.")
    assert tf["explanation"].startswith("This is, of course")
    matching = questions["moodle-activities"]
    assert [p["match"] for p in matching["pairs"]] == ["Forum", "Choice", "Database", "Wiki"]
    assert matching["prompt"] == "Match the activity to the description."  # [html] turned into words
    notes = [p.format() for p in result.problems]
    assert any(":5:" in n and "'Chat'" in n for n in notes), notes  # the distractor without an item


def test_import_bad_input_names_file_and_line(project: Project) -> None:
    bad = project.write("bank.gift", "::a::Fine?{=yes ~no}\n\n::b::Broken {=yes ~no\n")
    result = project.run("import", "gift", str(bad), "-o", "quizzes/x.yml", "--lesson", "first-lesson")
    assert_clean_failure(result, f"{bad}:3:", "brace")
    assert not (project.root / "quizzes/x.yml").exists()
    (project.root / "latin1.gift").write_bytes("Caf\xe9?{=oui ~non}".encode("latin-1"))
    assert_clean_failure(project.run("import", "gift", "latin1.gift", "-o", "quizzes/x.yml", "--lesson", "x"), "latin1.gift:1:", "UTF-8")
    assert_clean_failure(project.run("import", "gift", "missing.gift", "-o", "quizzes/x.yml", "--lesson", "x"), "missing.gift", "cannot read")
    assert_clean_failure(project.run("import", "gift", str(bad), "-o", "quizzes/x.yml", "--lesson", "Not A Slug"), "--lesson")
    essays = project.write("essays.gift", "Why?{}\n\nHow?{}\n")
    assert_clean_failure(project.run("import", "gift", str(essays), "-o", "quizzes/x.yml", "--lesson", "x"), f"{essays}:1:", f"{essays}:3:", "no question")
    fine = project.write("fine.gift", "$CATEGORY: $course$/A\n\n::a::Fine?{=yes ~no}\n")
    assert_clean_failure(project.run("import", "gift", str(fine), "-o", "quizzes/x.yml", "--lesson", "x", "--category", "B"), "no category 'B'")
    assert not (project.root / "quizzes/x.yml").exists()


# ---------------------------------------------------------------- Moodle XML


def test_moodle_xml_is_well_formed_and_holds_every_question(bundled: Project, course: CourseContent, tmp_path: Path) -> None:
    result = bundled.run("export", "moodle-xml", "-o", str(tmp_path / "bank.xml"))
    assert result.returncode == 0, result.stderr
    root = etree.parse(str(tmp_path / "bank.xml")).getroot()
    assert root.tag == "quiz"
    html = lambda text: str(inline_markdown(text))  # noqa: E731 - the texts are the site's HTML
    elements = list(root.iterchildren("question"))
    position = 0
    modules_seen = set()
    for module in course.modules():
        for lesson in course.lessons_of(module.id):
            quiz = course.quizzes.get(lesson.id)
            if quiz is None:
                continue
            if module.id not in modules_seen:
                modules_seen.add(module.id)
                category = elements[position]
                assert category.get("type") == "category"
                assert category.findtext("category/text") == f"$course$/{course.course.title}/{module.title}"
                position += 1
            category = elements[position]
            assert category.get("type") == "category" and category.findtext("idnumber") == lesson.id
            assert category.findtext("category/text") == f"$course$/{course.course.title}/{module.title}/{lesson.title}"
            position += 1
            for question in quiz.questions:
                element = elements[position]
                position += 1
                check_question(element, question, lesson.id, html)
    assert position == len(elements)


def check_question(element: etree._Element, question, lesson: str, html) -> None:  # noqa: ANN001
    expected_type = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
                     "matching": "matching", "ordering": "ordering"}[question.type]
    assert element.get("type") == expected_type
    assert element.findtext("name/text") == question.id
    assert element.findtext("idnumber") == f"{lesson}/{question.id}"
    assert element.find("questiontext").get("format") == "html"
    assert element.findtext("questiontext/text") == html(question.prompt)
    general = element.findtext("generalfeedback/text")
    assert html(question.explanation) in general
    answers = element.findall("answer")
    if question.type in ("single", "multiple"):
        assert element.findtext("single") == ("true" if question.type == "single" else "false")
        assert [a.findtext("text") for a in answers] == [html(o.text) for o in question.options]
        assert [a.findtext("feedback/text") for a in answers] == [html(o.feedback) for o in question.options]
        fractions = [float(a.get("fraction")) for a in answers]
        if question.type == "single":
            assert fractions == [100.0 if o.correct else 0.0 for o in question.options]
        else:
            right = [f for f, o in zip(fractions, question.options) if o.correct]
            assert abs(sum(right) - 100) < 0.001 and len(set(right)) == 1
            assert all(f == -100 for f, o in zip(fractions, question.options) if not o.correct)
    elif question.type == "true_false":
        assert [a.findtext("text") for a in answers] == ["true", "false"]
        assert [a.get("fraction") for a in answers] == (["100", "0"] if question.answer else ["0", "100"])
        assert [a.findtext("feedback/text") for a in answers] == [html(question.feedback_true), html(question.feedback_false)]
    elif question.type == "matching":
        subs = element.findall("subquestion")
        assert [s.findtext("text") for s in subs] == [html(p.item) for p in question.pairs]
        assert [s.findtext("answer/text") for s in subs] == [p.match for p in question.pairs]
        assert all(html(p.feedback) in general for p in question.pairs)  # no place per pair: listed in general feedback
    else:
        assert [a.findtext("text") for a in answers] == [html(i.text) for i in question.items]
        assert [a.get("fraction") for a in answers] == [str(n) for n in range(1, len(question.items) + 1)]
        assert [a.findtext("feedback/text") for a in answers] == [html(i.feedback) for i in question.items]
        assert element.findtext("selecttype") == "ALL" and element.findtext("gradingtype") == "ALL_OR_NOTHING"


def test_moodle_xml_escapes_markup_in_author_text(course: CourseContent) -> None:
    quiz = course.quizzes[course.ordered_lessons()[0].id]
    tricky = 'A <b>tag</b> & "quotes" ]]> and *emphasis*'
    changed = [quiz.questions[0].model_copy(update={"prompt": tricky, "explanation": tricky})]
    content = course.model_copy(update={"quizzes": {quiz.lesson: quiz.model_copy(update={"questions": changed})}})
    root = etree.fromstring(moodle_xml.export_bank(content).text.encode("utf-8"))
    text = root.xpath("question[@type!='category']/questiontext/text")[0].text
    assert text == str(inline_markdown(tricky))
    assert "&lt;b&gt;" in text and "<em>emphasis</em>" in text  # HTML the author typed is shown, not run


# ---------------------------------------------------------------- both


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "scorm"])
def test_export_of_broken_sources_fails_with_file_and_line(project: Project, fmt: str) -> None:
    path = project.root / "quizzes/first-lesson.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("pass_mark: 50", "pass_mark: fifty"), encoding="utf-8")
    result = project.run("export", fmt, "-o", "out.file")
    assert_clean_failure(result, "quizzes/first-lesson.yml:2:")
    assert not (project.root / "out.file").exists()


def test_sample_course_exports(project: Project) -> None:
    for fmt, name in (("gift", "bank.gift"), ("moodle-xml", "bank.xml")):
        result = project.run("export", fmt, "-o", name)
        assert result.returncode == 0, result.stderr
        assert (project.root / name).stat().st_size > 0
    assert load_course(SourcePaths.under(SAMPLE))[0] is not None
