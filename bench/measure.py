"""Run one subject in a subprocess and measure it: wall time, CPU time and peak memory of that child alone."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system of the child
    peak_rss: int  # bytes, the child's maximum resident set


class SubjectFailed(RuntimeError):
    pass


# Started now, while the bench holds little in memory: every measured command is started by it (launcher.py).
_launcher = subprocess.Popen([sys.executable, "-S", str(Path(__file__).with_name("launcher.py"))],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Run `command` to the end; its own resource use comes from wait4, so nothing else is counted."""
    assert _launcher.stdin is not None and _launcher.stdout is not None
    request = {"command": command, "cwd": str(cwd), "env": dict(os.environ) if env is None else env}
    _launcher.stdin.write(json.dumps(request) + "\n")
    _launcher.stdin.flush()
    answer = json.loads(_launcher.stdout.readline())
    if answer["code"] != 0:
        raise SubjectFailed(f"{' '.join(command)} (in {cwd}) exited {answer['code']}:\n{answer['errors']}")
    return Sample(answer["wall"], answer["cpu"], answer["peak_rss"])


def python() -> str:
    """The interpreter the bench runs in: every subject is built by the same one."""
    return sys.executable


def subject_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


@dataclass
class Series:
    """Repeated samples of one subject; figures are medians."""

    name: str
    samples: list[Sample]

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak_rss(self) -> int:
        return int(statistics.median(s.peak_rss for s in self.samples))

    def spread(self) -> str:
        """Min-max of the wall times: how noisy the machine was for this subject."""
        walls = [s.wall for s in self.samples]
        return f"{min(walls):.2f}-{max(walls):.2f} s"


def alternate(subjects: dict[str, list[str]], runs: int, cwd: dict[str, Path]) -> dict[str, Series]:
    """Run every subject once per round, in a rotating order, so slow moments of a noisy machine
    fall on all of them alike."""
    names = list(subjects)
    series = {name: Series(name, []) for name in names}
    for round_ in range(runs):
        order = names[round_ % len(names):] + names[: round_ % len(names)]
        for name in order:
            series[name].samples.append(run(subjects[name], cwd[name], subject_env()))
    return series


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def kilobytes(size: int) -> str:
    return f"{size / 1024:.1f} KB"
