"""Scenario files in mods with wrong types or missing keys: reported with file:line,
left out, and never a crash; the good scenarios are still listed and playable."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cards.content import load_content
from game.engine.scenario import check_scenario, parse_scenario
from game.errors import ScenarioError
from tests.persistence.hostile import hostile_table_value
from tests.robustness.conftest import BASE_SCENARIO, cli, make_mod, scenario_toml

# (text replaced, replacement, start of the message, line the problem points at)
BROKEN = [
    ("batrak = 0.62", "batrak = [1, 2]", "trust.batrak: expected a number", "batrak = [1, 2]"),
    ("[countryside]", '[countryside]\nhouseholds = "x"', "countryside.households", "households"),
    ("[national]", "[regions]\nukraine = 3\n[national]", "regions.ukraine must be a table",
     "ukraine = 3"),
    ("[national]", '[regions.ukraine]\nhorses = "many"\n[national]',
     "regions.ukraine.horses: expected a number", "horses"),
    ("tension = 0.3", "tensions = 0.3", "unknown key 'national.tensions'", "tensions"),
    ('start_season = "spring"', "start_season = 3", "start_season = '3'; expected one of",
     "start_season"),
    ("start_year = 1928", 'start_year = "soon"', "start_year: expected a whole number",
     "start_year"),
    ("start_year = 1928", "start_year = 1800", "start_year = 1800: must be at least 1900",
     "start_year"),
    ('name = "1928', 'nome = "1928', "missing required key 'name'", "id"),
    ("[national]", "[national.x]\n[national]", "unknown key 'national.x'", "[national.x]"),
]  # fmt: skip


@pytest.fixture
def scenario_mods(env: Path) -> Path:
    root = env / "mods"
    good = make_mod(root, "good-scenarios")
    (good / "scenarios" / "good.toml").write_text(scenario_toml("mod-good-1928"), "utf-8")
    for i, (old, new, _, _) in enumerate(BROKEN):
        bad = make_mod(root, f"bad-scenario-{i}")
        text = scenario_toml(f"mod-bad-{i}", (old, new))
        (bad / "scenarios" / "s.toml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("i", range(len(BROKEN)))
def test_broken_scenario_is_reported_at_its_line(scenario_mods, i) -> None:
    _, _, message, line_text = BROKEN[i]
    content = load_content([scenario_mods])
    path = scenario_mods / f"bad-scenario-{i}" / "scenarios" / "s.toml"
    mine = [p for p in content.problems if p.path == str(path)]
    (p,) = [p for p in mine if p.message.startswith(message)] or mine[:1]
    assert p.is_error and p.message.startswith(message), [p.message for p in mine]
    assert line_text in p.source_line, (p.line, p.source_line)
    assert f"bad-scenario-{i}" not in {m.id for m in content.loaded_mods}


def test_scenarios_command_lists_the_good_ones(scenario_mods, capsys) -> None:
    code, out, err = cli(capsys, "scenarios", "--mods-dir", str(scenario_mods))
    assert code == 0
    ids = [line.split("\t")[0] for line in out.splitlines()]
    assert "mod-good-1928" in ids and "great-turn-1928" in ids
    assert not [s for s in ids if s.startswith("mod-bad-")]
    assert "Traceback" not in err
    assert err.count("was left out because of errors") == len(BROKEN)


def test_the_good_mod_scenario_plays_and_a_bad_one_is_a_clear_error(scenario_mods, capsys):
    d = str(scenario_mods)
    code, out, err = cli(capsys, "simulate", "--mods-dir", d, "--scenario", "mod-good-1928",
                         "--stop-after", "2")  # fmt: skip
    assert code == 0, err
    assert "Scenario mod-good-1928" in out
    code, out, err = cli(capsys, "simulate", "--mods-dir", d, "--scenario", "mod-bad-0")
    assert code == 2 and out == "" and "unknown scenario 'mod-bad-0'" in err
    assert "Traceback" not in err


# --- the parser itself, with junk in any key ------------------------------------------
BASE = tomllib.loads(BASE_SCENARIO.read_text(encoding="utf-8"))
junk = st.one_of(
    st.none().map(lambda _: {}),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


PATHS = _paths(BASE)


def _with(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    if isinstance(data, dict):
        return {**data, path[0]: _with(data[path[0]], path[1:], value)}
    out = list(data)
    out[path[0]] = _with(out[path[0]], path[1:], value)
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), junk)
def test_junk_anywhere_in_a_scenario_is_a_scenario_error_or_fine(path, value) -> None:
    data = _with(BASE, path, value)
    try:
        check_scenario(parse_scenario(Path("mod/scenarios/s.toml"), data))
    except ScenarioError as exc:
        assert str(exc).startswith("mod/scenarios/s.toml:"), exc


def test_two_mods_with_one_scenario_id_warn_who_wins(env: Path) -> None:
    root = env / "mods"
    for name in ("first-mod", "second-mod"):
        mod = make_mod(root, name)
        (mod / "scenarios" / "s.toml").write_text(scenario_toml("shared-1930"), "utf-8")
    content = load_content([root])
    warnings = [p for p in content.problems if "replaces the one in" in p.message]
    assert len(warnings) == 1 and not warnings[0].is_error
    assert "shared-1930" in warnings[0].message
    assert {"first-mod", "second-mod"} <= {m.id for m in content.loaded_mods}


def test_a_mod_replacing_a_base_scenario_is_a_warning(env: Path) -> None:
    mod = make_mod(env / "mods", "new-great-turn")
    (mod / "scenarios" / "s.toml").write_text(scenario_toml("great-turn-1928"), "utf-8")
    content = load_content([env / "mods"])
    (w,) = [p for p in content.problems if "replaces the one in" in p.message]
    assert w.severity == "warning" and "great-turn-1928.toml" in w.message
    assert "new-great-turn" in {m.id for m in content.loaded_mods}


# --- hostile numbers: zero, negative, absurd -------------------------------------------------
def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for k in path:
        data = data[k]
    return data


NUMBER_PATHS = [p for p in PATHS if isinstance(_get(BASE, p), int | float) and p[0] != "policy"]
NUMBER_PATHS += [
    ("countryside", k) for k in ("households", "area", "yield", "cattle", "horses", "poor", "kulak")
] + [("regions", "ukraine", k) for k in ("households", "grain_area", "base_yield", "cattle",
                                          "horses", "drought_risk", "poor_share", "kulak_share")]  # fmt: skip


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    import copy

    out = copy.deepcopy(data)
    cur = out
    for k in path[:-1]:
        cur = cur.setdefault(k, {}) if isinstance(cur, dict) else cur[k]
    cur[path[-1]] = value
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(NUMBER_PATHS), hostile_table_value()), min_size=1, max_size=4
    )
)
def test_hostile_scenario_tables_are_refused_or_play_finite(edits) -> None:
    """Zero, negative or 1e308 areas, households and herds, shares of 3, the wrong
    type: each is a problem at its key, or the scenario builds and plays finite."""
    import numpy as np

    from game.campaign import Campaign
    from game.engine.bots import make_bot
    from game.engine.scenario import build_state
    from game.persistence.validate import check_state

    data = BASE
    for path, value in edits:
        data = _set(data, path, value)
    try:
        sc = parse_scenario(Path("mod/scenarios/s.toml"), data)
        check_scenario(sc)
    except ScenarioError as exc:
        assert str(exc).startswith("mod/scenarios/s.toml:"), exc
        return
    st_ = build_state(sc, 1, "normal")
    check_state(st_)  # what a scenario builds, a save of it may hold
    camp = Campaign(state=st_, scenario=sc, decisions=Campaign.new("great-turn-1928").decisions)
    camp.play_bot(make_bot("random", 1), max_turns=4)
    for k, a in camp.state.arrays.items():
        assert np.isfinite(a).all(), (k, edits)
    assert all(np.isfinite(v) for v in camp.state.nat.values()), edits


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (("countryside", "area", 0), "countryside.area"),
        (("countryside", "households", -1), "countryside.households"),
        (("countryside", "households", 1e308), "countryside.households"),
        (("regions", "ukraine", "grain_area", 0), "regions.ukraine.grain_area"),
        (("regions", "ukraine", "households", -5), "regions.ukraine.households"),
        (("regions", "ukraine", "cattle", 1e308), "regions.ukraine.cattle"),
        (("trust", "kulak", 3), "trust.kulak"),
        (("national", "tension", 1e300), "national.tension"),
    ],
)
def test_the_reported_scenario_numbers_are_refused(edit, key) -> None:
    *path, value = edit
    with pytest.raises(ScenarioError) as err:
        parse_scenario(Path("mod/scenarios/s.toml"), _set(BASE, tuple(path), value))
    assert key in str(err.value)


def test_every_problem_of_a_scenario_file_is_reported_at_once(env) -> None:
    mod = make_mod(env / "mods", "many-problems")
    text = scenario_toml("many-1928")
    text = text.replace("tension = 0.3", "tension = -4").replace("batrak = 0.62", "batrak = 7")
    text = text.replace("[countryside]", "[countryside]\narea = 0")
    (mod / "scenarios" / "s.toml").write_text(text, encoding="utf-8")
    content = load_content([env / "mods"])
    mine = [p for p in content.problems if p.path.endswith("s.toml")]
    keys = {p.message.split(" ")[0].rstrip(":") for p in mine}
    assert {"national.tension", "trust.batrak", "countryside.area"} <= keys, [str(p) for p in mine]
    lines = {p.source_line.strip() for p in mine}
    assert {"tension = -4", "batrak = 7", "area = 0"} <= lines


def test_mods_schema_includes_scenario_files(capsys) -> None:
    import json

    code, out, _ = cli(capsys, "mods", "schema")
    assert code == 0
    schema = json.loads(out)["scenario_file"]
    households = schema["$defs"]["Countryside"]["properties"]["households"]
    assert (
        households["exclusiveMinimum"]
        if "exclusiveMinimum" in households
        else households["minimum"] > 0
    )
    assert "national" in schema["properties"] and "regions" in schema["properties"]
