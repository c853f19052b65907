"""The first query under 32 threads: one load, identical objects, no exception — many times over."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import threading
    import migorgs
    from migorgs import _load

    calls = []
    real = _load.load_trusted

    def counting(*args):
        calls.append(1)
        return real(*args)

    _load.load_trusted = counting
    for rnd in range(ROUNDS):
        migorgs._default = None
        calls.clear()
        barrier = threading.Barrier(32)
        results, errors = [None] * 32, []

        def work(i):
            try:
                barrier.wait()
                results[i] = (migorgs.get_org("IOM"), migorgs.processes_where(role="secretariat", org="IOM"))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(32)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        assert len(calls) == 1, f"round {rnd}: {len(calls)} loads"
        assert all(r[0] is results[0][0] for r in results), "different objects"
        assert all(r[1] == results[0][1] and len(r[1]) >= 10 for r in results)
    print("ok", ROUNDS)
    """
)


def test_first_query_under_32_threads_loads_once() -> None:
    """Run in a fresh interpreter so the packaged default really is cold; 25 rounds."""
    code = SCRIPT.replace("ROUNDS", "25")
    # from migorgs import _load must patch the name default_dataset() uses
    code = code.replace("from migorgs import _load", "import migorgs._load as _load")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok 25"


def test_dataset_queries_are_thread_safe(ds) -> None:  # type: ignore[no-untyped-def]
    """Many threads querying one Dataset (cached and uncached paths) get the same answers."""
    import threading

    keys = ["IOM", "ICEM", "UNHCR", "Bali Process", "no such thing"] * 20
    out: list[object] = []
    lock = threading.Lock()

    def work(key: str) -> None:
        try:
            r: object = ds.lookup(key).id
        except LookupError:
            r = None
        with lock:
            out.append((key, r))

    threads = [threading.Thread(target=work, args=(k,)) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == len(keys)
    assert {r for k, r in out if k == "ICEM"} == {"iom"}
    assert {r for k, r in out if k == "no such thing"} == {None}
