"""Private by construction: find what in a built page would make the browser contact another site.

A link the patient chooses to follow is fine. What a page loads by itself (images, scripts,
styles, frames, media, fonts, preconnects) would tell another server that someone is reading
this course, so the build stops and names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Attributes that make the browser fetch a URL as soon as the page loads, by tag.
FETCHED = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link rel=…> values that fetch or open a connection; rel=canonical or alternate only name a page.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "preconnect",
                 "dns-prefetch", "modulepreload", "manifest", "prerender"}
# Any scheme followed by //, or a protocol-relative //host: data: and blob: stay on the device.
EXTERNAL_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class ExternalRequest:
    tag: str
    url: str


def external_requests(html: str) -> list[ExternalRequest]:
    """Every URL on another site that the page would load without the reader clicking anything."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def report(source: str, found: list[ExternalRequest]) -> str:
    lines = [f"{source}: the page would load files from other sites, which tells them someone reads this course:"]
    lines += [f"  <{item.tag}> {item.url}" for item in found]
    lines.append("  Put the file in docs/ (e.g. docs/images/) and point to it there; plain links to other sites are fine.")
    return "\n".join(lines)


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[ExternalRequest] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        names = FETCHED.get(tag, ())
        if tag == "link" and FETCHING_RELS & set(values.get("rel", "").lower().split()):
            names = ("href",)
        for name in names:
            for url in _urls(name, values.get(name, "")):
                self._add(tag, url)
        for url in _css_urls(values.get("style", "")):
            self._add(tag, url)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for url in _css_urls(data):
                self._add("style", url)

    def _add(self, tag: str, url: str) -> None:
        if EXTERNAL_URL.match(url):
            self.found.append(ExternalRequest(tag, url.strip()))


def _urls(name: str, value: str) -> list[str]:
    """The URLs in an attribute: one, or several in a srcset ("a.png 1x, b.png 2x")."""
    if name != "srcset":
        return [value] if value else []
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _css_urls(css: str) -> list[str]:
    return [match.group(1) or match.group(2) for match in CSS_URL.finditer(css)]
