"""One `mkdocs build` with the generator's share timed inside the process: importing it, and each of its
MkDocs hooks (CPU seconds). Prints JSON on the last line of stdout.

    python bench/hooks_profile.py path/to/mkdocs.yml SITE_DIR
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections import Counter

started = time.process_time()
import mkdocs.commands.build  # noqa: E402  (MkDocs's own imports are not the generator's)
import mkdocs.config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402

before = time.process_time()
import generator.plugin  # noqa: E402

spent: Counter[str] = Counter({"import": time.process_time() - before})
HOOKS = ("on_config", "on_files", "on_nav", "on_page_markdown", "on_page_content", "on_page_context",
         "on_post_page", "on_post_build")


def timed(name: str, hook):
    @functools.wraps(hook)
    def run(*args, **kwargs):
        start = time.process_time()
        try:
            return hook(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start

    return run


for hook_name in HOOKS:
    if hasattr(generator.plugin.CoursePlugin, hook_name):
        setattr(generator.plugin.CoursePlugin, hook_name, timed(hook_name, getattr(generator.plugin.CoursePlugin, hook_name)))


def main(config_file: str, site_dir: str) -> None:
    config: MkDocsConfig = mkdocs.config.load_config(config_file, site_dir=site_dir)
    mkdocs.commands.build.build(config)
    spent["total"] = time.process_time() - started
    print(json.dumps(spent))


if __name__ == "__main__":
    main(*sys.argv[1:3])
