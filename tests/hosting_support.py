"""Shared by the hosting tests: the bundled course copied for a test build, and a program's branding."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, Project

SOURCES = ("mkdocs.yml", "docs", "lessons", "quizzes")


def copy_bundled_course(root: Path) -> Project:
    """A snapshot of the sources, so that edits made in the work tree during a test run change nothing."""
    root.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return Project(root)


BRAND_OPTIONS = """\
  - course:
      program_name: Riverside Recovery Center
      logo: branding/logo.svg
      primary_color: "#1b5e7a"
      accent_color: "#c2185b"
      contact_phone: (555) 010-0199
      footer_text: For patients and families of Riverside.
      help_title: If you need help now
      help_lines:
        - name: Samaritans
          contact: Call 116 123
          detail: Free, any time, day or night.
          href: "tel:116123"
"""
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#fff"/></svg>\n'


def with_course_options(project: Project, options: str) -> None:
    config = (project.root / "mkdocs.yml").read_text()
    assert "  - course\n" in config
    project.write("mkdocs.yml", config.replace("  - course\n", options))
