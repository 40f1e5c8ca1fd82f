"""Starts each command measure.py times, from a process that stays small.

A child's peak memory (ru_maxrss) starts at its parent's when it is forked, so a command started straight
from the bench, which holds the generator and whole synthetic courses in memory, would seem to use that
much. measure.py starts this process first, while the bench is still small, and sends it one JSON request
per line on stdin, {"command": [...], "cwd": "...", "env": {...}}; it answers one JSON line on stdout.
Standard library only, so it stays a bare interpreter.
"""

import json
import os
import subprocess
import sys
import time

for line in sys.stdin:
    request = json.loads(line)
    started = time.perf_counter()
    child = subprocess.Popen(request["command"], cwd=request["cwd"], env=request["env"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors = child.stderr.read()  # drained while the child runs, so a chatty build never blocks
    _, status, usage = os.wait4(child.pid, 0)
    answer = {
        "wall": time.perf_counter() - started,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_rss": usage.ru_maxrss * 1024,
        "code": os.waitstatus_to_exitcode(status),
        "errors": errors.decode(errors="replace")[-3000:],
    }
    child.stderr.close()
    print(json.dumps(answer), flush=True)
