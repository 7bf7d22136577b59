"""Mods: discovery, enabling, add / replace / remove, conflicts, broken mods."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cards.content import load_content
from game.cards.mods import (
    PROJECT_MODS_DIR,
    discover_mods,
    load_mod_config,
    set_mod_enabled,
)
from game.errors import ContentError
from tests.cards.conftest import FIXTURE_CARDS, card_toml, make_mod


def content(*folders: Path, extra_dirs: tuple[Path, ...] = ()):
    return load_content(
        list(extra_dirs),
        mod_folders=list(folders),
        include_project_mods=False,
        base_dir=FIXTURE_CARDS,
    )


def test_base_only() -> None:
    c = content()
    assert c.errors == []
    assert set(c.cards) == {"dizzy-with-success", "exodus-from-kolkhozes", "grain-strike", "famine"}
    assert [i["id"] for i in c.info] == ["base"]


def test_mod_adds_replaces_and_removes(tmp_path: Path) -> None:
    cards = (
        card_toml("new-card")
        + card_toml("grain-strike", extra="replace = true", title="Grain strike (modded)")
        + '\n[[remove]]\nid = "famine"\n'
    )
    mod = make_mod(tmp_path, "my-mod", cards)
    c = content(mod)
    assert c.errors == [], [str(p) for p in c.problems]
    assert "new-card" in c.cards and "famine" not in c.cards
    assert c.cards["grain-strike"].title == "Grain strike (modded)"
    assert c.cards["grain-strike"].mod == "my-mod"
    [base, info] = c.info
    assert info["id"] == "my-mod" and info["version"] == "1.0" and len(info["sha256"]) == 64


def test_same_id_without_replace_is_an_error(tmp_path: Path) -> None:
    mod = make_mod(tmp_path, "clash", card_toml("grain-strike"))
    c = content(mod)
    assert any("add replace = true" in p.message for p in c.errors)
    assert c.cards["grain-strike"].mod == "base"  # the broken mod was left out


def test_two_mods_replacing_one_card_warn_and_name_the_winner(tmp_path: Path) -> None:
    a = make_mod(tmp_path, "aaa", card_toml("grain-strike", extra="replace = true", title="A"))
    b = make_mod(tmp_path, "bbb", card_toml("grain-strike", extra="replace = true", title="B"))
    c = content(a, b)
    assert c.errors == []
    warn = [p for p in c.problems if "both replace" in p.message]
    assert len(warn) == 1 and "'bbb' wins" in warn[0].message
    assert c.cards["grain-strike"].title == "B"


def test_broken_mod_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    good = make_mod(tmp_path, "good", card_toml("good-card"))
    bad = make_mod(tmp_path, "bad", card_toml("bad-card", effects='"unrst[all] += 1"'))
    c = content(good, bad)
    assert "good-card" in c.cards and "bad-card" not in c.cards
    assert any("did you mean 'unrest'" in p.message and "bad" in p.path for p in c.errors)
    assert any("'bad' was left out" in p.message for p in c.errors)
    assert [m.id for m in c.loaded_mods] == ["good"]


def test_broken_manifest_still_reports_card_problems(tmp_path: Path) -> None:
    mod = make_mod(
        tmp_path, "half", card_toml("x-card", kind="evnt"), manifest_extra='autor = "me"'
    )
    c = content(mod)
    msgs = " ".join(p.message for p in c.errors)
    assert "unknown key 'autor'" in msgs and "did you mean 'author'" in msgs
    assert "kind" in msgs


def test_dependencies_load_first_and_missing_ones_break(tmp_path: Path) -> None:
    base = make_mod(tmp_path, "zz-base", card_toml("dep-card"), manifest_extra="load_order = 5")
    user = make_mod(
        tmp_path,
        "aa-user",
        card_toml("user-card", option_extra='follow_up = "dep-card"'),
        manifest_extra='dependencies = ["zz-base"]',
    )
    c = content(user, base)
    assert c.errors == [], [str(p) for p in c.problems]
    assert [m.id for m in c.loaded_mods] == ["zz-base", "aa-user"]
    lonely = make_mod(
        tmp_path / "other",
        "lonely",
        card_toml("l-card"),
        manifest_extra='dependencies = ["nowhere"]',
    )
    c = content(lonely)
    assert any("needs mod 'nowhere'" in p.message for p in c.errors)


def test_dependency_cycle(tmp_path: Path) -> None:
    a = make_mod(tmp_path, "ma", card_toml("a-card"), manifest_extra='dependencies = ["mb"]')
    b = make_mod(tmp_path, "mb", card_toml("b-card"), manifest_extra='dependencies = ["ma"]')
    c = content(a, b)
    assert any("dependency cycle" in p.message for p in c.errors)


def test_follow_up_cycle_is_an_error(tmp_path: Path) -> None:
    cards = card_toml("ping", option_extra='follow_up = "pong"') + card_toml(
        "pong", option_extra='follow_up = "ping"'
    )
    c = content(make_mod(tmp_path, "loop", cards))
    assert any("go round in a circle: ping -> pong -> ping" in p.message for p in c.errors)
    assert "ping" not in c.cards


def test_missing_follow_up_and_unknown_references(tmp_path: Path) -> None:
    cards = card_toml(
        "refs",
        extra='condition = "seen(\\"grain-strik\\") + faction.lefty > 0"',
        option_extra='follow_up = "nowhere-card"',
    )
    c = content(make_mod(tmp_path, "refs", cards))
    msgs = [p.message for p in c.problems]
    assert any("follow-up card 'nowhere-card' does not exist" in m for m in msgs)
    assert any("no card 'grain-strik'" in m and "did you mean 'grain-strike'" in m for m in msgs)
    assert any("faction 'lefty'" in m and "did you mean 'left'" in m for m in msgs)


@pytest.mark.parametrize("bad_dir", ["../../x", "/etc"])
def test_manifest_folders_may_not_leave_the_mod(tmp_path: Path, bad_dir: str) -> None:
    mod = make_mod(
        tmp_path, "escape", card_toml("e-card"), manifest_extra=f'card_dirs = ["{bad_dir}"]'
    )
    c = content(mod)
    assert any("leads outside the mod folder" in p.message for p in c.errors)


def test_remove_unknown_card_warns_with_did_you_mean(tmp_path: Path) -> None:
    c = content(make_mod(tmp_path, "rm", '[[remove]]\nid = "grain-strik"\n'))
    [w] = [p for p in c.problems if "to remove" in p.message]
    assert w.severity == "warning" and "did you mean 'grain-strike'" in w.message


def test_mod_scenarios_belong_to_the_content_not_the_process(tmp_path: Path) -> None:
    from game.campaign import Campaign
    from game.engine.scenario import available_scenarios

    src = (Path(__file__).parents[2] / "assets" / "scenarios" / "great-turn-1928.toml").read_text()
    src = src.replace('id = "great-turn-1928"', 'id = "modded-turn"', 1)
    mod = make_mod(tmp_path, "scen", card_toml("s-card"), files={"scenarios/modded.toml": src})
    c = load_content(mod_folders=[mod], include_project_mods=False, base_dir=FIXTURE_CARDS)
    assert "modded-turn" in c.scenarios
    assert "modded-turn" in available_scenarios(c.scenarios)
    assert "modded-turn" not in available_scenarios()  # no process-wide registry
    camp = Campaign.new("modded-turn", seed=1, content=c)
    assert camp.scenario.id == camp.state.scenario_id == "modded-turn"


# --- discovery and the config ---------------------------------------------------------------
def test_discover_and_enable(tmp_path: Path) -> None:
    make_mod(tmp_path, "one", card_toml("one-card"))
    found = {m.id: m for m in discover_mods([tmp_path], include_project=False)}
    assert found["one"].enabled and found["one"].ok  # --mods-dir mods are on for the run
    project = discover_mods([])
    example = [m for m in project if m.id == "example-kibbutz-movement"]
    assert example and not example[0].enabled  # shipped disabled
    set_mod_enabled("example-kibbutz-movement", True, [m.id for m in project])
    assert load_mod_config()["enabled"] == ["example-kibbutz-movement"]
    assert [m for m in discover_mods([]) if m.id == "example-kibbutz-movement"][0].enabled
    with pytest.raises(ContentError, match="did you mean"):
        set_mod_enabled("example-kibutz-movement", True, [m.id for m in project])


def test_example_mod_is_valid_and_does_its_three_things() -> None:
    folder = PROJECT_MODS_DIR / "example-kibbutz-movement"
    c = load_content(mod_folders=[folder], include_project_mods=False)
    assert [p for p in c.problems if "example-kibbutz" in p.path] == []
    assert c.cards["who-runs-the-collective"].mod == "example-kibbutz-movement"
    assert "chayanov-vs-kritsman" not in c.cards
    assert {"kibbutz-delegation", "assembly-in-the-commune"} <= set(c.cards)


MANIFEST_BITS = [
    'id = "fz"\n', 'name = "N"\n', 'version = "1.0"\n', "version = 1\n", 'id = "../x"\n',
    'dependencies = ["fz"]\n', "dependencies = 5\n", 'card_dirs = ["../.."]\n',
    'card_dirs = ["/"]\n', "load_order = 99999\n", 'game_versions = ["9.9"]\n', "[x]\n",
    "= broken\n", 'description = """\n', "author = [[[]]]\n",
]  # fmt: skip


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(MANIFEST_BITS), max_size=10), st.text(max_size=20))
def test_fuzzed_manifests_never_crash_the_validator(
    tmp_path: Path, bits: list[str], junk: str
) -> None:
    from game.cards.validate import validate

    folder = make_mod(tmp_path, "fz", card_toml("fz-card"))
    text = "".join(bits) + junk.encode("utf-8", "replace").decode("utf-8")
    (folder / "mod.toml").write_text(text, encoding="utf-8")
    for p in validate([folder]):
        assert p.line >= 1 and p.severity in ("error", "warning")
