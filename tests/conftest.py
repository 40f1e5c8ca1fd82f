"""Shared fixtures: small course projects built in temporary folders, and Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The generator's cache (generator/cache.py) of this test run, for it and every command it starts: the many
# throwaway courses the tests build stay out of the developer's own cache, and each run starts from nothing.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="course-tests-cache-")
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without these flags Chromium tries to reach Google's services, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Project:
    """A course project in a temporary folder: write sources, then check or build it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `python -m generator ARGS` in the project, as an author would."""
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run(
            [sys.executable, "-m", "generator", *args], cwd=self.root, capture_output=True, text=True, env=env
        )

    def mkdocs(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", *args], cwd=self.root, capture_output=True, text=True, env=env
        )

    def build(self) -> Path:
        result = self.run("build")
        assert result.returncode == 0, result.stderr
        return self.root / "site"

    def page(self, uri: str) -> str:
        return (self.root / "site" / uri).read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of the small sample course (one module, two lessons with quizzes)."""
    shutil.copytree(SAMPLE, tmp_path / "course")
    return Project(tmp_path / "course")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The sample course built once for tests that only read it."""
    root = tmp_path_factory.mktemp("sample") / "course"
    shutil.copytree(SAMPLE, root)
    project = Project(root)
    project.build()
    return project


# ---------------------------------------------------------------- browser


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator:
    """serve(folder) -> base URL of a local web server for that folder (one server per folder)."""
    servers: dict[Path, tuple[http.server.ThreadingHTTPServer, str]] = {}

    def start(folder: Path) -> str:
        folder = Path(folder).resolve()
        if folder not in servers:
            handler = functools.partial(_QuietHandler, directory=str(folder))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[folder] = (server, f"http://127.0.0.1:{server.server_address[1]}/")
        return servers[folder][1]

    yield start
    for server, _ in servers.values():
        server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: run `make test`, which installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser context (empty localStorage) and page; fails the test on any script error."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def open_page(browser) -> Iterator[Callable]:
    """open_page(url, **context_options) -> a page in a new browser context: a new device, with empty storage
    (without a url, the page is left blank).

    The test fails on any script error, any dialog (alert, confirm) and any request that is not to the
    local test server: a patient's page sends nothing anywhere.
    """
    contexts, problems = [], []

    def open_(url: str | None = None, **options):
        context = browser.new_context(**options)
        contexts.append(context)

        def route(route_):
            if route_.request.url.startswith("http://127.0.0.1:"):
                route_.continue_()
            else:
                problems.append(f"request left the machine: {route_.request.url}")
                route_.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error} {error.stack}"))

        def dialog(d):
            problems.append(f"dialog opened: {d.type} {d.message!r}")
            d.dismiss()

        page.on("dialog", dialog)
        page.problems = problems
        if url:
            page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not problems, problems
