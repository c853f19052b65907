"""The examples of docs/cli.md run, and print what the page shows, so the page cannot go stale.

Every ``$ command`` line of a ``console`` block runs in bash (one shell per
block, so ``echo $?`` sees the status before it) in a scratch folder holding
``broken/`` (two mistakes), ``old/`` (the packaged data exported) and ``new/``
(a curator's edit of it), at 80 columns without colour; stdout and stderr
are compared together with the lines under the command.

``MIGORGS_WRITE_DOCS=1 pytest tests/test_cli_docs.py`` rewrites the page's
outputs from what the commands print (then read the diff before committing).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

import migorgs
from conftest import write_broken_copy

PAGE = pathlib.Path(__file__).resolve().parent.parent / "docs" / "cli.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
MARK = "@@@migorgs-doc-example@@@"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("cli-docs")
    ds = migorgs.default_dataset()
    write_broken_copy(root / "broken")
    ds.export(root / "old", "data-dir")
    shutil.copytree(root / "old", root / "new")
    meta = json.loads((root / "new" / "meta.json").read_text(encoding="utf-8"))
    meta["data_version"] = "2026.12.2"
    (root / "new" / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    processes = json.loads((root / "new" / "processes.json").read_text(encoding="utf-8"))
    for p in processes:
        if p["id"] == "puebla-process":
            p["website"] = "https://www.rcmvs.org"
    (root / "new" / "processes.json").write_text(json.dumps(processes, ensure_ascii=False), encoding="utf-8")
    events = json.loads((root / "new" / "events.json").read_text(encoding="utf-8"))
    events.append(
        {
            "id": "grcp-10",
            "date": "2026-10",
            "kind": "meeting",
            "title": "Tenth Global Meeting of Chairs and Secretariats of RCPs",
            "entities": ["global-rcp-meetings"],
            "sources": ["iom-web-2021"],
        }
    )
    (root / "new" / "events.json").write_text(json.dumps(events, ensure_ascii=False), encoding="utf-8")
    return root


def _examples(text: str) -> list[tuple[re.Match[str], list[tuple[str, list[str]]]]]:
    """Each console block, with its (command, expected lines)."""
    out = []
    for block in BLOCK.finditer(text):
        items: list[tuple[str, list[str]]] = []
        for line in block.group(1).splitlines():
            if line.startswith("$ "):
                items.append((line[2:], []))
            elif items:
                items[-1][1].append(line)
        out.append((block, items))
    return out


def _run_block(commands: list[str], cwd: pathlib.Path) -> list[list[str]]:
    script = ""
    for cmd in commands:
        script += f"__s=$?; printf '%s\\n' '{MARK}'; (exit $__s); {cmd}\n"
    bindir = os.path.dirname(shutil.which("migorgs", path=os.path.dirname(sys.executable)) or sys.executable)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "MIGORGS_DEBUG")}
    env.update(
        PATH=bindir + os.pathsep + env.get("PATH", ""),
        COLUMNS="80",
        NO_COLOR="1",
        PYTHONUNBUFFERED="1",
        PYTHONIOENCODING="utf-8",
    )
    proc = subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    parts = proc.stdout.split(MARK + "\n")[1:]
    return [[line.rstrip() for line in part.splitlines()] for part in parts]


@pytest.mark.skipif(not PAGE.is_file() or shutil.which("bash") is None, reason="no source tree or no bash")
def test_cli_page_examples(scratch: pathlib.Path) -> None:
    """Every command on docs/cli.md prints what the page shows under it."""
    text = PAGE.read_text(encoding="utf-8")
    rewritten = text
    failures = []
    count = 0
    for block, items in reversed(_examples(text)):
        outputs = _run_block([cmd for cmd, _ in items], scratch)
        assert len(outputs) == len(items)
        body = ""
        for (cmd, expected), got in zip(items, outputs):
            count += 1
            body += f"$ {cmd}\n" + "".join(f"{line}\n" for line in got)
            if [line.rstrip() for line in expected] != got:
                failures.append(
                    f"$ {cmd}\n--- page\n" + "\n".join(expected) + "\n--- printed\n" + "\n".join(got)
                )
        rewritten = rewritten[: block.start(1)] + body + rewritten[block.end(1) :]
    if os.environ.get("MIGORGS_WRITE_DOCS"):
        PAGE.write_text(rewritten, encoding="utf-8")
        return
    assert count >= 20
    assert not failures, "\n\n".join(reversed(failures))[:6000]
