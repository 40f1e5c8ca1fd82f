"""Fixtures for the quiz browser tests: the quiz_types course built and served, and pages that fail on
script errors, dialogs and requests that leave the machine."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import Project  # tests/conftest.py: this folder is a package, so the names do not clash

QUIZ_TYPES = Path(__file__).resolve().parent.parent / "fixtures" / "quiz_types"
QUIZ_PAGE = "basics/all-types/"
HOSTILE_PAGE = "basics/hostile/"


@dataclass
class Site:
    project: Project
    url: str  # base URL, ending in "/"


def copy_quiz_course(root: Path) -> Project:
    shutil.copytree(QUIZ_TYPES, root)
    return Project(root)


@pytest.fixture(scope="session")
def quiz_site(tmp_path_factory: pytest.TempPathFactory, serve) -> Site:
    """The quiz_types course, built once and served, for tests that do not change it."""
    project = copy_quiz_course(tmp_path_factory.mktemp("quiz-types") / "course")
    project.build()
    return Site(project, serve(project.root / "site"))


@pytest.fixture
def quiz_project(tmp_path: Path) -> Project:
    """A fresh copy of the quiz_types course, to edit and build."""
    return copy_quiz_course(tmp_path / "course")
