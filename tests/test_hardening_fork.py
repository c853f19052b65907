"""The lazy first load is fork-safe: a child forked while another thread loads does not hang."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import gc, os, sys, threading, time
    import migorgs, migorgs._load as L

    parent = os.getpid()
    real = L.load_trusted
    started, release = threading.Event(), threading.Event()

    def slow(*args):
        if os.getpid() == parent:  # hold the lock (and the paused collector) until the fork is done
            started.set()
            release.wait()
        return real(*args)

    L.load_trusted = slow
    loader = threading.Thread(target=migorgs.default_dataset)
    loader.start()
    started.wait()
    pid = os.fork()
    if pid == 0:
        ok = migorgs.get_org("ICEM").id == "iom" and gc.isenabled()
        os._exit(0 if ok else 3)
    release.set()
    loader.join()
    deadline = time.monotonic() + 60
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            print("child hung")
            sys.exit(2)
        time.sleep(0.02)
    code = os.waitstatus_to_exitcode(status)
    print("child exit", code)
    sys.exit(code)
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
def test_fork_during_the_first_load_does_not_hang() -> None:
    """The child gets a fresh lock (and the collector back) and loads the data itself."""
    proc = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, (proc.stdout, proc.stderr)
