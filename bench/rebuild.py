"""Rebuilds after an author saves one quiz: `mkdocs build --dirty` against a full build, and the rebuild
`mkdocs serve` does by itself (timed by MkDocs: "Documentation built in N seconds")."""

from __future__ import annotations

import os
import queue
import re
import socket
import subprocess
import threading
import time
from pathlib import Path

import measure

BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def save(path: Path) -> None:
    """What an editor does on save: the same bytes written again, so the file is newer than the site."""
    path.write_bytes(path.read_bytes())


def process_cpu(pid: int) -> float | None:
    """User + system seconds a running process has used so far (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_rebuilds(project: Path, edited: Path, runs: int, timeout: float = 1800) -> list[tuple[float, float | None]]:
    """(seconds as MkDocs reports them, cpu seconds of the server meanwhile) of each rebuild `mkdocs serve`
    makes after `edited` is saved."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [measure.python(), "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=project, env=measure.subject_env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []
    assert server.stderr is not None
    threading.Thread(target=lambda: [lines.put(line) for line in server.stderr], daemon=True).start()

    def next_build() -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                if server.poll() is not None:
                    break
                continue
            log.append(line)
            found = BUILT.search(line)
            if found:
                return float(found.group(1))
        raise measure.SubjectFailed("mkdocs serve did not finish a build:\n" + "".join(log[-30:]))

    try:
        next_build()  # the first build, before serving
        rebuilds = []
        for _ in range(runs):
            time.sleep(1.0)  # let the watcher settle after the last build
            before = process_cpu(server.pid)
            save(edited)
            seconds = next_build()
            after = process_cpu(server.pid)
            rebuilds.append((seconds, after - before if before is not None and after is not None else None))
        return rebuilds
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
