"""Page weight: the bytes a first visit to a page loads (HTML, CSS, JS, search index), raw and gzipped,
split into Material's own and ours (the generator's `assets/course/`).

Run alone to print the figures for the bundled course (it is built into a temporary folder):

    .venv/bin/python bench/quiz_weight.py [SITE_DIR [PAGE]]

The list of files follows the page's own <link rel=stylesheet>, <link rel=icon> and <script src>, then
what Material's script fetches at start: its search worker and the search index. Chromium loads the
same set (checked by hand against Playwright's network log). Gzip is level 9, as in the quiz budget test.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

OURS = "assets/course/"
QUIZ_BUDGET = 6 * 1024  # bytes gzipped of quiz JS + CSS (tests/browser/test_quiz_budget.py)
# mkdocs-quiz 1.7.1 as shipped, gzipped: quiz.js 9.1 KB + quiz.css 2.7 KB + confetti 2.4 KB (run.py measures a build).
MKDOCS_QUIZ_GZ = round((9.1 + 2.7 + 2.4) * 1024)
DEFAULT_PAGE = "getting-to-know/history-of-aa.html"


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


@dataclass(frozen=True)
class Resource:
    path: str  # from the site root
    kind: str  # html, css, js, search index, image
    owner: str  # ours, Material
    raw: int
    gz: int


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []  # (kind, href)
        self.inline: list[tuple[str, str]] = []  # (tag, text) of inline <script> and <style>
        self.config: dict = {}
        self._open: tuple[str, dict] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        rel = values.get("rel", "").split()
        if tag == "link" and "stylesheet" in rel:
            self.refs.append(("css", values["href"]))
        elif tag == "link" and "icon" in rel:
            self.refs.append(("image", values["href"]))
        elif tag == "script" and values.get("src"):
            self.refs.append(("js", values["src"]))
        elif tag in ("script", "style"):
            self._open = (tag, values)

    def handle_data(self, data: str) -> None:
        if self._open is None:
            return
        tag, values = self._open
        if values.get("id") == "__config":
            self.config = json.loads(data)
        elif values.get("type", "text/javascript") in ("text/javascript", "module") or tag == "style":
            self.inline.append((tag, data))

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            self._open = None


def page_refs(html: str) -> _Refs:
    parser = _Refs()
    parser.feed(html)
    parser.close()
    return parser


def first_visit(site: Path, page: str) -> list[Resource]:
    """Everything a browser loads on a first visit to `page` of the built `site`."""
    html = (site / page).read_bytes()
    refs = page_refs(html.decode("utf-8"))
    folder = posixpath.dirname(page)
    found = [Resource(page, "html", "page", len(html), gzipped(html))]
    wanted = list(refs.refs)
    base = posixpath.normpath(posixpath.join(folder, refs.config.get("base", ".")))
    if refs.config.get("search"):
        wanted.append(("js", refs.config["search"]))
        wanted.append(("search index", posixpath.relpath(posixpath.join(base, "search/search_index.json"), folder or ".")))
    seen = set()
    for kind, href in wanted:
        path = posixpath.normpath(posixpath.join(folder, href.split("?")[0].split("#")[0]))
        if path in seen or "//" in href:
            continue
        seen.add(path)
        data = (site / path).read_bytes()
        owner = "ours" if path.startswith(OURS) else "Material"
        found.append(Resource(path, kind, owner, len(data), gzipped(data)))
    return found


def quiz_assets(resources: list[Resource]) -> list[Resource]:
    """Our quiz script and stylesheet, as the budget test counts them."""
    return [r for r in resources if r.owner == "ours" and posixpath.basename(r.path).startswith("quiz.")]


def added_inline(page_html: str, baseline_html: str) -> list[tuple[str, str]]:
    """Inline <script> and <style> blocks of a page that the baseline page of the same lesson lacks."""
    before = {text for _, text in page_refs(baseline_html).inline}
    return [(tag, text) for tag, text in page_refs(page_html).inline if text not in before]


def table(resources: list[Resource], plain_html: bytes | None = None) -> list[str]:
    """Rows: HTML (split against the plain page when given), CSS and JS by owner, search index, total."""
    rows: list[tuple[str, int, int]] = []
    html = next(r for r in resources if r.kind == "html")
    if plain_html is not None:
        rows.append(("HTML, the page as plain Material makes it", len(plain_html), gzipped(plain_html)))
        rows.append(("HTML added by the generator (quiz, worksheet, help box...)", html.raw - len(plain_html), html.gz - gzipped(plain_html)))
    else:
        rows.append(("HTML", html.raw, html.gz))
    for kind in ("css", "js"):
        for owner in ("Material", "ours"):
            chosen = [r for r in resources if r.kind == kind and r.owner == owner]
            whose = "ours" if owner == "ours" else "Material's"
            label = f"{kind.upper()}, {whose} ({len(chosen)} file{'s' if len(chosen) != 1 else ''})"
            rows.append((label, sum(r.raw for r in chosen), sum(r.gz for r in chosen)))
    for kind, label in (("search index", "search index (Material's search, our pages' text)"), ("image", "favicon")):
        chosen = [r for r in resources if r.kind == kind]
        rows.append((label, sum(r.raw for r in chosen), sum(r.gz for r in chosen)))
    rows.append(("total", sum(r.raw for r in resources), sum(r.gz for r in resources)))
    return [f"   {label:<62} {raw / 1024:8.1f} KB {gz / 1024:8.1f} KB" for label, raw, gz in rows]


def main(argv: list[str]) -> int:
    page = argv[1] if len(argv) > 1 else DEFAULT_PAGE
    if argv:
        site = Path(argv[0])
    else:
        root = Path(__file__).resolve().parent.parent
        site = Path(tempfile.mkdtemp(prefix="course-weight-"))
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(root / "mkdocs.yml"), "-d", str(site)], check=True)
    resources = first_visit(site, page)
    print(f"First visit to {page}: raw and gzipped (level 9)")
    print("\n".join(table(resources)))
    quiz = quiz_assets(resources)
    total = sum(r.gz for r in quiz)
    names = " + ".join(posixpath.basename(r.path) for r in quiz)
    print(f"Quiz assets ({names}): {total} B gzipped, budget {QUIZ_BUDGET} B: {'within' if total <= QUIZ_BUDGET else 'OVER'}")
    print(f"mkdocs-quiz 1.7.1 ships about {MKDOCS_QUIZ_GZ} B gzipped (quiz.js 9.1 + quiz.css 2.7 + confetti 2.4 KB): "
          f"ours is {total / MKDOCS_QUIZ_GZ:.2f} of it, {MKDOCS_QUIZ_GZ / total:.1f}x smaller")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
