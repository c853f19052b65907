"""The shipped artefact: the wheel holds the data, installs into a fresh environment, and answers.

Built and installed offline: the new environment gets attrs and cattrs from
the running one through a .pth file, and the wheel with ``pip --no-index``.
Skipped when the tests run from an installed copy (no source tree to build).
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import subprocess
import sys
import venv
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "migorgs"

pytestmark = pytest.mark.skipif(
    not (ROOT / "pyproject.toml").is_file() or not PKG.is_dir(),
    reason="needs the source tree to build the wheel",
)


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pathlib.Path]:
    pytest.importorskip("build")
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = out.glob("migorgs-*.whl")
    (sdist,) = out.glob("migorgs-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_wheel_contents(dists: dict[str, pathlib.Path]) -> None:
    """Every package and data file is in the wheel, and nothing else is."""
    with zipfile.ZipFile(dists["wheel"]) as zf:
        names = set(zf.namelist())
    expected = {
        "migorgs/" + p.relative_to(PKG).as_posix()
        for p in PKG.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    expected.add("migorgs/CHANGELOG.md")  # force-included, for the data release's changes
    assert "migorgs/data/meta.json" in expected and "migorgs/py.typed" in expected
    assert any(n.startswith("migorgs/data/processes/") for n in expected)
    missing = expected - names
    assert not missing, sorted(missing)
    stray = {n for n in names - expected if not n.startswith("migorgs-") or ".dist-info/" not in n}
    assert not stray, sorted(stray)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_sdist_has_sources_data_and_tests(dists: dict[str, pathlib.Path]) -> None:
    """The sdist carries the package with its data, the tests, the docs and the licences."""
    import tarfile

    with tarfile.open(dists["sdist"]) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    for required in (
        "src/migorgs/data/meta.json",
        "tests/test_api.py",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "DATA-LICENSE",
        "pyproject.toml",
    ):
        assert required in names, required


def _deps_dir(tmp: pathlib.Path) -> pathlib.Path:
    """A folder holding links to attrs, cattrs and their dependencies from this environment."""
    deps = tmp / "deps"
    deps.mkdir()
    for mod in ("attr", "attrs", "cattr", "cattrs", "exceptiongroup", "typing_extensions"):
        spec = importlib.util.find_spec(mod)
        if spec is None or spec.origin is None:
            continue
        origin = pathlib.Path(spec.origin)
        src = origin.parent if origin.name == "__init__.py" else origin
        (deps / src.name).symlink_to(src)
    return deps


def test_wheel_installs_and_answers_outside_the_source_tree(
    dists: dict[str, pathlib.Path], tmp_path: pathlib.Path
) -> None:
    """A fresh venv with the wheel: import, query, the console script — run away from src."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    pathlib.Path(site, "test-deps.pth").write_text(str(_deps_dir(tmp_path)) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
            str(dists["wheel"]),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    code = (
        "import migorgs, pathlib; "
        f"assert not pathlib.Path(migorgs.__file__).is_relative_to({str(ROOT)!r}), migorgs.__file__; "
        "print(migorgs.get_org('ICEM').id, len(migorgs.processes_where(role='secretariat', org='IOM', "
        "source='iom-web-2021', include_past=True)), migorgs.DATA_VERSION == migorgs.default_dataset().data_version)"
    )
    proc = subprocess.run(
        [str(py), "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["iom", "10", "True"]
    script = env_dir / "bin" / "migorgs"
    proc = subprocess.run(
        [str(script), "show", "IOM"], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    card = " ".join(proc.stdout.split())  # the card wraps to the terminal's width
    assert "Provisional Intergovernmental Committee for the Movement of Migrants from Europe" in card
    proc = subprocess.run(
        [str(script), "check"], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
