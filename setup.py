"""Build glue for what pyproject.toml cannot say: the packages are every package
under game/ (found, so a new one ships without a change here) plus the two data
packages `game.assets` and `game.mods`, which pyproject.toml maps to the assets/
and mods/ folders at the top of the repository. Everything else is in
pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["game", "game.*"]), "game.assets", "game.mods"])
