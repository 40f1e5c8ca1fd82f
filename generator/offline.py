"""The site for computers with no web server or internet: offline settings checked, and a dated zip.

The zip holds one folder; opening its index.html from disk works because the site is built
for it (Material's `offline` plugin, `use_directory_urls: false`), which is checked first.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from mkdocs.config.defaults import MkDocsConfig

OFFLINE_PLUGINS = ("offline", "material/offline")


def offline_problems(config: MkDocsConfig) -> list[str]:
    """Why a site built from this configuration would not work from a folder, one sentence each."""
    problems = []
    if config.use_directory_urls:
        problems.append("set 'use_directory_urls: false' in mkdocs.yml, or pages opened from disk show folder listings")
    if not any(name in config.plugins and config.plugins[name].config.get("enabled", True) for name in OFFLINE_PLUGINS):
        problems.append("add the 'offline' plugin under 'plugins:' in mkdocs.yml, or search does not work from disk")
    return problems


def check_offline(config_file: Path) -> int:
    from mkdocs.config import load_config

    problems = offline_problems(load_config(str(config_file)))
    for problem in problems:
        print(f"{config_file}: {problem}", file=sys.stderr)
    return 1 if problems else 0


def zip_name(site_name: str, day: dt.date) -> str:
    """'12-Step Programs' on 2026-03-01 -> '12-step-programs-2026-03-01'."""
    slug = re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "course"
    return f"{slug}-{day.isoformat()}"


def zip_site(config_file: Path, output_dir: Path, day: dt.date | None = None) -> int:
    """Zip the built site into OUTPUT_DIR/<site-name>-<date>.zip, one folder inside, files in a fixed order."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    site = Path(config.site_dir)
    if not (site / "index.html").is_file():
        print(f"{site}: no built site to zip; run: python -m generator build", file=sys.stderr)
        return 1
    day = day or dt.date.today()
    name = zip_name(config.site_name, day)
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{name}.zip"
    # Every entry gets the zip's date, so zipping the same site on the same day gives the same bytes.
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    readme = _readme(config.site_name, day)
    partial = target.with_name(f".{target.name}.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry(f"{name}/README.txt", stamp), readme)
        # Source maps only help developers debug Material's scripts; they are a third of the size.
        for path in sorted(p for p in site.rglob("*") if p.is_file() and p.suffix != ".map"):
            archive.writestr(_entry(f"{name}/{path.relative_to(site).as_posix()}", stamp), path.read_bytes())
    partial.replace(target)
    size = target.stat().st_size
    print(f"Wrote {target} ({size / 1_000_000:.1f} MB): unzip it and open {name}/index.html in a web browser")
    return 0


def _entry(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16  # readable by everyone who unzips it, whatever the builder's umask
    return info


def _readme(site_name: str, day: dt.date) -> str:
    env = Environment(loader=PackageLoader("generator", "templates"), undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template("zip-readme.txt.j2").render(site_name=site_name, day=day)
