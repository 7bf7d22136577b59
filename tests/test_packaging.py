"""The built wheel is the game: every file under assets/ (and the shipped mods) is
in it as package data, with the `smychka` command and the licence files.

Builds the sdist and, from it, the wheel (as `python -m build` does) from a copy
of the source tree in a temporary folder, so the checkout gets no build/ or
egg-info. About 5 s (15 s on a busy machine). `.ci/run` runs it with the rest;
deselect it with `-m "not packaging"`.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from game import __version__

ROOT = Path(__file__).resolve().parents[1]
JUNK = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    ".ci-venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "saves",
    "out",
)

pytestmark = pytest.mark.packaging


def shipped_files(folder: str) -> set[str]:
    """Files under assets/ (or mods/) that must ship: all but hidden files and caches,
    which no package-data pattern picks up."""
    base = ROOT / folder
    out = set()
    for f in base.rglob("*"):
        rel = f.relative_to(base)
        hidden = any(part.startswith(".") or part == "__pycache__" for part in rel.parts)
        if f.is_file() and not hidden:
            out.add(rel.as_posix())
    return out


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    if importlib.util.find_spec("build") is None:
        if os.environ.get("CI"):
            pytest.fail("the test extra's `build` is not installed")
        pytest.skip("needs `build` (pip install -e '.[test]')")
    tmp = tmp_path_factory.mktemp("packaging")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=JUNK)
    out = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp / "dist"), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return tmp / "dist"


def _one(dist: Path, pattern: str) -> Path:
    found = sorted(dist.glob(pattern))
    assert len(found) == 1, found
    return found[0]


def test_the_wheel_holds_every_asset_and_shipped_mod(dist):
    names = set(zipfile.ZipFile(_one(dist, "smychka-*.whl")).namelist())
    assets = shipped_files("assets")
    assert len(assets) > 20
    missing = sorted(a for a in assets if f"game/assets/{a}" not in names)
    assert missing == [], f"files under assets/ not in the wheel: {missing}"
    mods = shipped_files("mods")
    assert sorted(m for m in mods if f"game/mods/{m}" not in names) == []
    # the code too, and nothing at the top of site-packages but the game
    assert "game/cli.py" in names and "game/paths.py" in names
    assert {n.split("/")[0] for n in names} == {"game", _dist_info(names)}


def _dist_info(names: set[str]) -> str:
    (info,) = {n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info")}
    return info


def test_the_wheel_has_the_command_and_the_licences(dist):
    z = zipfile.ZipFile(_one(dist, "smychka-*.whl"))
    info = _dist_info(set(z.namelist()))
    assert info == f"smychka-{__version__}.dist-info"  # the version is game.__version__
    entry = z.read(f"{info}/entry_points.txt").decode()
    assert "smychka = game.cli:main" in entry
    meta = z.read(f"{info}/METADATA").decode()
    assert (
        "License-Expression: GPL-3.0-or-later AND CC-BY-SA-4.0 AND Bitstream-Vera AND MIT" in meta
    )
    licences = ["LICENSE", "LICENSES/CC-BY-SA-4.0.txt", "LICENSES/MIT-FluidR3.txt"]
    for lic in [*licences, "assets/fonts/LICENSE-DejaVu.txt"]:
        assert f"{info}/licenses/{lic}" in z.namelist()


def test_the_sdist_is_a_complete_source_tree(dist):
    sdist = _one(dist, "smychka-*.tar.gz")
    with tarfile.open(sdist) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    for must in ("main.py", "setup.py", "pyproject.toml", "LICENSE", "tests/test_packaging.py"):
        assert must in names
    assert sorted(a for a in shipped_files("assets") if f"assets/{a}" not in names) == []
