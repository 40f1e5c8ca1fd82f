"""`make bench`: what the generator costs and what a page weighs, side by side with what a user would
pick instead, in one run. It reports; it never fails because a figure is over its goal.

    .venv-bench/bin/python bench/run.py [--quick] [--keep]

1. Overhead against plain MkDocs: the bundled course, and the same pages rendered once to plain Markdown
   in a plain Material site (same theme settings, extensions, plugins and navigation).
2. Against mkdocs-quiz 1.7: the same pages with the quizzes in mkdocs-quiz's syntax.
3. Growth: synthetic courses of 50, 200 and 800 lessons; `check` on each.
4. Page weight of a first visit to a lesson page with its quiz.
5. Rebuild after saving one quiz of the 200-lesson course: `mkdocs build --dirty` and `mkdocs serve`.

Every build runs in a subprocess of its own (imports counted, memory per build); subjects alternate
run by run and figures are medians. Goals are judged on CPU time (user + system of the build process),
which other work on a busy machine disturbs far less than the elapsed (wall) time printed beside it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
import projects  # noqa: E402
import quiz_weight  # noqa: E402
import rebuild  # noqa: E402
import synthetic  # noqa: E402
from measure import Series, megabytes  # noqa: E402
from mkdocs_quiz_syntax import SUPPORTED, supported  # noqa: E402


@dataclass(frozen=True)
class Plan:
    runs: int  # builds of each subject in sections 1 and 2
    sizes: tuple[int, ...]
    growth_runs: dict[int, int]
    check_runs: int  # of `check` on the largest course
    rebuild_runs: int  # of `mkdocs serve` (the --dirty builds follow the full builds of section 3)


FULL = Plan(runs=5, sizes=(50, 200, 800), growth_runs={50: 3, 200: 2, 800: 1}, check_runs=3, rebuild_runs=2)
QUICK = Plan(runs=3, sizes=(50, 200), growth_runs={50: 1, 200: 1}, check_runs=1, rebuild_runs=1)
CHECK_SIZE = 800  # `check` is timed on this many lessons in both plans
REBUILD_SIZE = 200  # section 5 saves a quiz of this course


@dataclass
class Goals:
    rows: list[tuple[str, str, bool]] = field(default_factory=list)

    def add(self, goal: str, figure: str, met: bool) -> str:
        self.rows.append((goal, figure, met))
        return "met" if met else "MISSED"


def build(project: Path, site: Path, *extra: str) -> list[str]:
    return [measure.python(), "-m", "mkdocs", "build", "--quiet", *extra, "-f", str(project / "mkdocs.yml"), "-d", str(site)]


def check(project: Path) -> list[str]:
    return [measure.python(), "-m", "generator", "-f", str(project / "mkdocs.yml"), "check"]


def row(label: str, series: Series, width: int = 30) -> str:
    return (f"   {label:<{width}} cpu {series.cpu:6.2f} s   wall {series.wall:6.2f} s (range {series.spread()})"
            f"   peak RSS {megabytes(series.peak_rss)}")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def say(text: str = "") -> None:
    print(text, flush=True)


def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


# ---------------------------------------------------------------- 1 and 2


def overhead(work: Path, plan: Plan, goals: Goals) -> dict[str, Path]:
    ours = projects.copy_course(ROOT, work / "ours")
    same = projects.copy_course(ROOT, work / "ours-same-questions")
    kept = projects.keep_questions(same, supported)
    total = projects.count_quiz_questions(ours)
    plain = projects.plain_site(ours, work / "plain")
    theirs = projects.plain_site(ours, work / "mkdocs-quiz", quizzes=True)
    lessons = len(list(projects.lesson_sources(ours)))
    sites = {name: work / f"site-{name}" for name in ("plain", "ours", "same", "mkdocs-quiz")}
    subjects = {"plain": build(plain, sites["plain"]), "ours": build(ours, sites["ours"]),
                "same": build(same, sites["same"]), "mkdocs-quiz": build(theirs, sites["mkdocs-quiz"])}
    folders = {"plain": plain, "ours": ours, "same": same, "mkdocs-quiz": theirs}
    series = measure.alternate(subjects, plan.runs, folders)

    say(f"1. Overhead against plain MkDocs: the bundled course ({lessons} lessons, {total} questions; source language only), "
        f"{plan.runs} builds each, alternated")
    say(row("plain Material, same pages", series["plain"]))
    say(row("generator", series["ours"]))
    cpu = series["ours"].cpu / series["plain"].cpu
    verdict = goals.add("1. build time, generator / plain MkDocs <= 1.15", f"{cpu:.2f}", cpu <= 1.15)
    say(f"   generator / plain: {cpu:.2f} (cpu), {series['ours'].wall / series['plain'].wall:.2f} (wall); goal <= 1.15: {verdict}")
    say("   where the generator's build time goes (one more build, cpu timed inside the process):")
    for label, seconds in hook_times(ours, work / "site-profiled"):
        say(f"     {label:<68} {seconds:5.2f} s")
    say()

    left_out = ", ".join(f"{count} {kind}" for kind, count in sorted(projects.question_types(ours).items()) if kind not in SUPPORTED)
    say(f"2. Against mkdocs-quiz {version('mkdocs-quiz')}: the {kept} questions it can express ({', '.join(SUPPORTED)}); "
        f"the others ({left_out}) left out on both sides")
    say(row("generator, same questions", series["same"]))
    say(row("mkdocs-quiz", series["mkdocs-quiz"]))
    cpu = series["same"].cpu / series["mkdocs-quiz"].cpu
    verdict = goals.add("2. build time, generator / mkdocs-quiz <= 1.00", f"{cpu:.2f}", cpu <= 1.0)
    say(f"   build time, generator / mkdocs-quiz: {cpu:.2f} (cpu), "
        f"{series['same'].wall / series['mkdocs-quiz'].wall:.2f} (wall); goal <= 1.00: {verdict}")
    say(f"   (with all {total} questions the generator's build is {series['ours'].cpu / series['mkdocs-quiz'].cpu:.2f} of mkdocs-quiz's, cpu)")

    page = projects.first_quiz_page(ours)
    mine = quiz_weight.quiz_assets(quiz_weight.first_visit(sites["same"], page))
    mine_gz = sum(r.gz for r in mine)
    blocks = quiz_weight.added_inline((sites["mkdocs-quiz"] / page).read_text(encoding="utf-8"),
                                      (sites["plain"] / page).read_text(encoding="utf-8"))
    theirs_raw = "".join(text for _, text in blocks).encode("utf-8")
    css = sum(len(text.encode()) for tag, text in blocks if tag == "style")
    ratio = mine_gz / max(1, gzip_size(theirs_raw))
    verdict = goals.add("2. quiz JS+CSS a page loads, ours / mkdocs-quiz <= 0.50", f"{ratio:.2f}", ratio <= 0.5)
    say(f"   quiz JS and CSS a lesson page loads ({page}), gzipped:")
    say(f"     generator:   {mine_gz:6d} B  ({' + '.join(os.path.basename(r.path) for r in mine)}: "
        f"{sum(r.raw for r in mine)} B raw; files, cached after the first page)")
    say(f"     mkdocs-quiz: {gzip_size(theirs_raw):6d} B  ({len(blocks)} inline blocks in the page: {css} B CSS, "
        f"{len(theirs_raw) - css} B JS raw; sent again with every page)")
    say(f"     ours / theirs: {ratio:.2f}; goal <= 0.50: {verdict}")
    other = "about.html" if (sites["plain"] / "about.html").is_file() else "index.html"
    mine_other = sum(r.gz for r in quiz_weight.quiz_assets(quiz_weight.first_visit(sites["same"], other)))
    theirs_other = quiz_weight.added_inline((sites["mkdocs-quiz"] / other).read_text(encoding="utf-8"),
                                            (sites["plain"] / other).read_text(encoding="utf-8"))
    say(f"     on a page without a quiz ({other}): generator {mine_other} B, mkdocs-quiz "
        f"{gzip_size(''.join(t for _, t in theirs_other).encode())} B")
    say()
    return {"ours": ours, "page": Path(page), "site-ours": sites["ours"], "site-plain": sites["plain"]}


HOOK_LABELS = {
    "import": "importing the generator (pydantic and the models, YAML, the HTML parser)",
    "on_config": "on_config: read, validate and check the course; reading levels",
    "on_files": "on_files: render every page's Markdown",
    "on_page_content": "on_page_content: links that could run code neutralised; review dates",
    "on_page_context": "on_page_context: quiz HTML, print worksheet and answer key",
    "on_post_page": "on_post_page: privacy check of every built page",
}


def hook_times(project: Path, site: Path) -> list[tuple[str, float]]:
    command = [measure.python(), str(HERE / "hooks_profile.py"), str(project / "mkdocs.yml"), str(site)]
    output = subprocess.run(command, cwd=project, env=measure.subject_env(), capture_output=True, text=True, check=True)
    spent = json.loads(output.stdout.strip().splitlines()[-1])
    total = spent.pop("total")
    rows = [(HOOK_LABELS.get(name, name), seconds) for name, seconds in spent.items() if seconds >= 0.005]
    rows.append(("MkDocs and Material: everything else, for our pages and theme", total - sum(spent.values())))
    return rows


def cold_cache_env(work: Path) -> dict[str, str]:
    """The environment of a `check` that has measured nothing before: a fresh cache folder of its own, with
    only the syllable table (made once per machine from the CMU dictionary) copied in."""
    cache = Path(tempfile.mkdtemp(prefix="cold-cache-", dir=work))
    home = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "course-generator"
    (cache / "course-generator").mkdir()
    for table in home.glob("syllables-*.pickle"):
        shutil.copy2(table, cache / "course-generator" / table.name)
    return {**measure.subject_env(), "XDG_CACHE_HOME": str(cache)}


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


# ---------------------------------------------------------------- 3


@dataclass
class Grown:
    courses: dict[int, Path]
    built: dict[int, Series]
    rebuilt: Series  # `mkdocs build --dirty` after saving `edited`, in turn with the full builds of its course
    rebuild_size: int
    edited: Path


def growth(work: Path, ours: Path, plan: Plan, goals: Goals) -> Grown:
    sizes = sorted(set(plan.sizes) | {CHECK_SIZE})
    courses = {size: synthetic.synthetic_course(ours, work / f"course-{size}", size) for size in sizes}
    # The same pages in a plain Material site, built in turn with ours: how much of the growth is MkDocs's own.
    plains = {size: projects.plain_site(courses[size], work / f"plain-{size}") for size in plan.sizes}
    built = {size: Series(str(size), []) for size in plan.sizes}
    plain_built = {size: Series(f"plain {size}", []) for size in plan.sizes}
    rebuild_size = REBUILD_SIZE if REBUILD_SIZE in plan.sizes else min(plan.sizes)
    quizzes = projects.quiz_sources(courses[rebuild_size])
    grown = Grown(courses, built, Series("dirty", []), rebuild_size, quizzes[len(quizzes) // 2])
    rounds = max(plan.growth_runs.values())
    for round_ in range(rounds):
        order = plan.sizes[round_ % len(plan.sizes):] + plan.sizes[: round_ % len(plan.sizes)]
        for size in order:
            if round_ >= plan.growth_runs[size]:
                continue
            course, site = courses[size], work / f"site-course-{size}"
            built[size].samples.append(measure.run(build(course, site), course, measure.subject_env()))
            plain = plains[size]
            plain_built[size].samples.append(measure.run(build(plain, work / f"site-plain-{size}"), plain, measure.subject_env()))
            if size == rebuild_size:  # section 5: the same site, one quiz saved, rebuilt with --dirty
                rebuild.save(grown.edited)
                grown.rebuilt.samples.append(measure.run(build(course, site, "--dirty"), course, measure.subject_env()))
    checked = {size: Series(str(size), []) for size in sizes}
    for size in sizes:
        checked[size].samples.append(measure.run(check(courses[size]), courses[size], measure.subject_env()))
    # `check` keeps reading levels on disk by the text's hash: time it with nothing measured before (a cache of
    # its own, holding only the syllable table every run has), and as an author runs it, one lesson edited.
    cold = Series("cold", [measure.run(check(courses[CHECK_SIZE]), courses[CHECK_SIZE], cold_cache_env(work))
                           for _ in range(plan.check_runs)])
    edited = Series("edited", [])
    lessons = projects.lesson_sources(courses[CHECK_SIZE])
    for run_ in range(plan.check_runs):
        lesson = lessons[(run_ * 97) % len(lessons)]
        lesson.write_text(lesson.read_text(encoding="utf-8") + f"\nThis line was added for run {run_} of the benchmark.\n", encoding="utf-8")
        edited.samples.append(measure.run(check(courses[CHECK_SIZE]), courses[CHECK_SIZE], measure.subject_env()))
    runs = ", ".join(f"{plan.growth_runs[s]} at {s}" for s in plan.sizes)
    say(f"3. Growth: synthetic courses made from the bundled lessons, a 10-question quiz each (builds: {runs})")
    say(f"   {'lessons':>7} {'build cpu':>10} {'per lesson':>11} {'build wall':>11} {'peak RSS':>9}   "
        f"{'plain cpu':>9} {'per lesson':>11} {'ours/plain':>10}   {'check cpu':>9} {'check wall':>10}")
    for size in sizes:
        c = checked[size]
        if size in built:
            b, p = built[size], plain_built[size]
            say(f"   {size:>7} {b.cpu:8.2f} s {1000 * b.cpu / size:8.1f} ms {b.wall:9.2f} s {megabytes(b.peak_rss):>9}   "
                f"{p.cpu:7.2f} s {1000 * p.cpu / size:8.1f} ms {b.cpu / p.cpu:10.2f}   {c.cpu:7.2f} s {c.wall:8.2f} s")
        else:
            say(f"   {size:>7} {'(not built in this plan)':>43}   {'':>33}   {c.cpu:7.2f} s {c.wall:8.2f} s")
    small, large = min(plan.sizes), max(plan.sizes)
    per = (built[large].cpu / large) / (built[small].cpu / small)
    plain_per = (plain_built[large].cpu / large) / (plain_built[small].cpu / small)
    verdict = goals.add(f"3. time per lesson, {large} / {small} lessons <= 1.2", f"{per:.2f}", per <= 1.2)
    say(f"   time per lesson at {large} / at {small}: {per:.2f} (cpu), "
        f"{(built[large].wall / large) / (built[small].wall / small):.2f} (wall); goal <= 1.2: {verdict}")
    say(f"   the same pages in plain Material: {plain_per:.2f} (cpu). MkDocs renders the whole navigation, one link "
        f"per lesson, into every page, so its own time per lesson grows with the course")
    for label, c in ((f"check on {CHECK_SIZE} lessons, one lesson edited since the last check", edited),
                     (f"check on {CHECK_SIZE} lessons, nothing measured before", cold)):
        verdict = goals.add(f"3. {label} < 2 s", f"{c.cpu:.2f} s", c.cpu < 2.0)
        say(f"   {label}: {c.cpu:.2f} s cpu, {c.wall:.2f} s wall (median of {len(c.samples)}); "
            f"goal < 2 s on this {os.cpu_count()}-core machine: {verdict}")
    say()
    return grown


# ---------------------------------------------------------------- 4


def page_weight(found: dict[str, Path], goals: Goals) -> None:
    page = found["page"].as_posix()
    resources = quiz_weight.first_visit(found["site-ours"], page)
    say(f"4. Page weight: a first visit to {page} (a lesson with its quiz), raw and gzipped (level 9)")
    say(f"   {'':<62} {'raw':>11} {'gzipped':>11}")
    for line in quiz_weight.table(resources, (found["site-plain"] / page).read_bytes()):
        say(line)
    quiz = quiz_weight.quiz_assets(resources)
    gz = sum(r.gz for r in quiz)
    ours = [r for r in resources if r.owner == "ours"]
    verdict = goals.add("4. quiz JS+CSS within the 6 KB gzipped budget", f"{gz} B", gz <= quiz_weight.QUIZ_BUDGET)
    say(f"   ours against the quiz budget: {' + '.join(os.path.basename(r.path) for r in quiz)} = {gz} B gzipped "
        f"of {quiz_weight.QUIZ_BUDGET} B (6 KB): {verdict}")
    say(f"   all of our CSS and JS on this page: {sum(r.gz for r in ours)} B gzipped in {len(ours)} files "
        f"({', '.join(os.path.basename(r.path) for r in ours)})")
    index = next(r for r in resources if r.kind == "search index")
    plain_index = quiz_weight.gzipped((found["site-plain"] / index.path).read_bytes())
    say(f"   search index: {index.gz / 1024:.1f} KB gzipped; the plain site's, same pages without quizzes: "
        f"{plain_index / 1024:.1f} KB ({(index.gz - plain_index) / 1024:+.1f} KB: quizzes are left out of the index)")
    say()


# ---------------------------------------------------------------- 5


def rebuilds(grown: Grown, plan: Plan) -> None:
    size, quiz = grown.rebuild_size, grown.edited
    full, dirty = grown.built[size], grown.rebuilt
    served = rebuild.serve_rebuilds(grown.courses[size], quiz, plan.rebuild_runs)
    reported = statistics.median(seconds for seconds, _ in served)
    cpus = [cpu for _, cpu in served if cpu is not None]
    serve_cpu = statistics.median(cpus) if cpus else None
    say(f"5. Rebuild after saving one quiz ({quiz.name}) of the {size}-lesson course "
        f"({plural(len(dirty.samples), '--dirty build')}, each after a full one; {plural(len(served), 'serve rebuild')})")
    say(row("full build", full, 22))
    say(row("mkdocs build --dirty", dirty, 22))
    cpu_text = f"cpu {serve_cpu:6.2f} s   " if serve_cpu is not None else ""
    say(f"   {'mkdocs serve rebuild':<22} {cpu_text}wall {reported:6.2f} s (MkDocs's own \"built in\"; in process: no start-up, no imports)")
    say(f"   --dirty / full: {dirty.cpu / full.cpu:.2f} (cpu), {dirty.wall / full.wall:.2f} (wall)")
    if serve_cpu is not None:
        say(f"   serve rebuild / full build: {serve_cpu / full.cpu:.2f} (cpu), {reported / full.wall:.2f} (wall)")
    say()


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 800-lesson build (about a third of the time)")
    parser.add_argument("--keep", action="store_true", help="keep the projects and sites it builds (printed at the end)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="course-bench-"))
    goals = Goals()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    say(f"Course generator benchmarks ({'quick' if args.quick else 'full'} run)")
    say(f"Machine: {os.cpu_count()} cores ({usable} usable), {platform.machine()}, Python {platform.python_version()}; "
        f"load average at start {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    say(f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, mkdocs-quiz {version('mkdocs-quiz')}")
    say("Figures: medians; cpu = user + system seconds of the build process; wall = elapsed seconds; "
        "goals judged on cpu.")
    say()
    try:
        found = overhead(work, plan, goals)
        grown = growth(work, found["ours"], plan, goals)
        page_weight(found, goals)
        rebuilds(grown, plan)
    finally:
        if args.keep:
            say(f"Projects and sites kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    say(f"Goals ({os.cpu_count()} cores; load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
        f"this run took {(time.monotonic() - started) / 60:.1f} min):")
    for goal, figure, met in goals.rows:
        say(f"   {'met   ' if met else 'MISSED'}  {goal:<58} {figure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
