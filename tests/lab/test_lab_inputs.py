"""The lab as a newcomer meets it: outside input (seed lists, results folders, strategy
files gone, settings of the search) gives a clear error and never a traceback; the
pictures leave out no ending and date a year's value where history dates its points."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.errors import SmychkaError
from game.lab.results import read_results, summary_text
from game.lab.runner import MAX_SEEDS, parse_seeds

ROOT = Path(__file__).resolve().parents[2]


# --- seed lists ---------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-, x_+", max_size=30))
def test_any_seed_text_gives_seeds_or_a_clear_error(text):
    from game.engine.scenario import MAX_SEED

    try:
        seeds = parse_seeds(text)
    except SmychkaError as exc:
        assert str(exc).startswith("--seeds ")
        return
    assert seeds and len(seeds) <= MAX_SEEDS
    assert all(isinstance(s, int) and 0 <= s <= MAX_SEED for s in seeds)


@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 50)), min_size=1, max_size=5))
def test_ranges_give_their_seeds(parts):
    text = ",".join(f"{a}-{a + n}" if n else str(a) for a, n in parts)
    want = [s for a, n in parts for s in range(a, a + n + 1)]
    assert parse_seeds(text) == want


def test_seed_mistakes_say_what_to_write():
    with pytest.raises(SmychkaError, match="'5-1' runs backwards; write 1-5"):
        parse_seeds("5-1")
    with pytest.raises(SmychkaError, match="more than 1,000,000 seeds"):
        parse_seeds("0-9223372036854775807")  # not a list of 9e18 numbers
    with pytest.raises(SmychkaError, match="^--train-seeds x: 'x' is not a seed"):
        parse_seeds("x", "--train-seeds")


# --- results folders ----------------------------------------------------------------------
def _row(**kw):
    row = {"scenario": "great-turn-1928", "strategy": "a", "kind": "bot", "seed": 1,
           "outcome": "peace", "score": 10.0, "famine_deaths": 0.0,
           "timeline": [{"year": 1928, "collectivised_share": 0.1}]}  # fmt: skip
    row.update(kw)
    return row


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=5)
    ),
    max_leaves=20,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "scenario": st.text(max_size=3) | JSON,
                "strategy": st.sampled_from(["a", "b"]) | JSON,
                "seed": st.integers(0, 3) | JSON,
                "outcome": st.sampled_from(["peace", "war_peace"]) | JSON,
                "score": st.floats() | JSON,
                "famine_deaths": st.floats(0, 9) | JSON,
                "timeline": st.lists(
                    st.fixed_dictionaries({"year": st.integers(1928, 1930) | JSON}), max_size=2
                )
                | JSON,
            },
        )
        | JSON,
        max_size=4,
    )
)
def test_any_results_file_is_read_or_refused_clearly(tmp_path, rows):
    from game.lab.report import dominance, variance_share

    f = tmp_path / "results.json"
    f.write_text(json.dumps({"meta": {}, "rows": rows}))
    try:
        got, _ = read_results(tmp_path)
    except SmychkaError as exc:
        assert str(f) in str(exc)
        return
    summary_text(got)  # what `lab report` and the plots read is there and of its type
    for scen in {r["scenario"] for r in got}:
        dominance(got, scen)
        variance_share(got, scen)


def test_a_row_without_its_fields_is_named(tmp_path):
    (tmp_path / "results.json").write_text(json.dumps({"rows": [_row(), {"a": 1}]}))
    with pytest.raises(SmychkaError, match="row 2: no 'scenario'; not a lab results file"):
        read_results(tmp_path)


def _lab(capsys, *args):
    code = main(["lab", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_report_on_a_folder_whose_strategy_file_is_gone(tmp_path, capsys):
    """The folder keeps the strategies' data: the baseline needs no file (before, a file
    moved or deleted since the run was a FileNotFoundError traceback)."""
    gone = tmp_path / "gone.toml"
    data = {"name": "Gone", "phase": [{"from": "1928-spring", "path": "voluntary"}]}
    meta = {"players": {"Gone": {"kind": "strategy", "spec": str(gone)}}}
    rows = [_row(strategy="Gone", seed=s) for s in (1, 2)] + [
        _row(strategy="b", seed=s) for s in (1, 2)
    ]
    (tmp_path / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}))
    code, _, err = _lab(capsys, "report", str(tmp_path), "--sensitivity-seeds", "1")
    assert code == 2
    assert f"played from {gone}, which cannot be read now" in err and "--baseline FILE" in err
    meta["players"]["Gone"]["data"] = data  # what `lab run` writes now
    (tmp_path / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}))
    from game.cli import COMMANDS  # noqa: F401 - the command table is what main() runs

    code, out, err = _lab(capsys, "report", str(tmp_path), "--no-sensitivity", "--json")
    assert code == 0 and json.loads(out)["scenarios"]["great-turn-1928"]["dominance"]


def test_lab_inputs_are_named_with_what_was_expected(tmp_path, capsys):
    out = str(tmp_path / "o")
    for args, words in [
        (["run", "--bot", "nobot", "--seeds", "1", "--out", out], "--bot nobot: unknown bot"),
        (["run", "--bot", "nep.toml", "--seeds", "1", "--out", out], "write --strategy nep.toml"),
        (["run", "--seeds", "5-1", "--out", out], "runs backwards"),
        (["run", "--seeds", "1", "--scheduler", "nohost", "--out", out], "not a scheduler address"),
        (["run", "--executor", "local", "--scheduler", "tcp://h:1", "--out", out], "is for --executor dask"),
        (["search", "--popsize", "1", "--out", out], "--popsize 1: CMA-ES needs 2"),
        (["search", "--sigma", "0", "--out", out], "--sigma 0.0: expected a step above 0"),
        (["search", "--compare", "nobody", "--out", out], "nobody: neither a bot nor a strategy"),
        (["search", "--family", "regions", "--region-levers", ",", "--out", out], "no levers given"),
        (["report", str(tmp_path), "--no-sensitivity"], "no results.json here"),
    ]:  # fmt: skip
        code, _, err = _lab(capsys, *args)
        assert code == 2 and words in err, (args, err)


def test_an_out_folder_that_takes_no_files_fails_before_the_campaigns(tmp_path, monkeypatch):
    import tempfile

    from game.lab.results import check_out_dir

    (tmp_path / "a" / "results.json").mkdir(parents=True)
    with pytest.raises(SmychkaError, match="results.json there is a folder"):
        check_out_dir(tmp_path / "a")

    def refuse(*a, **kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    with pytest.raises(SmychkaError, match="cannot write there"):
        check_out_dir(tmp_path / "b")


# --- the search's settings ----------------------------------------------------------------
def test_search_settings_are_checked_before_any_campaign():
    from game.lab.search import check_settings, make_family

    for popsize, sigma in ((1, 0.3), (0, 0.3), (None, 0.0), (None, -1.0), (None, float("nan"))):
        with pytest.raises(SmychkaError):
            check_settings(popsize, sigma)
    check_settings(None, 0.3)
    with pytest.raises(SmychkaError, match="no levers given"):
        make_family("regions", "great-turn-1928", region_levers=())


# --- the pictures ---------------------------------------------------------------------------
def test_every_ending_has_a_colour_and_its_words_in_the_legend():
    """war_peace and war_stalemate were left out of the outcome shares (their bars did
    not reach 100 %)."""
    from game.engine.outcome import OUTCOMES
    from game.lab.plots import OUTCOME_COLOURS, outcome_label

    assert set(OUTCOMES) | {"unfinished"} <= set(OUTCOME_COLOURS)
    assert outcome_label("war_peace") == "A separate peace (war_peace)"
    assert outcome_label("made-up") == "made-up"


def test_fan_charts_date_a_year_as_the_game_dates_its_seasons():
    """A yearly stock is the year's last season and the harvest its autumn: drawn at the
    bare year, the drive of the winter of 1929-30 showed a year before history's."""
    from game.lab.plots import FAN_FIGURES
    from game.ui.chart_view import turn_date

    by = {f.column: f for f in FAN_FIGURES}
    winter, autumn = (turn_date({"year": 1930, "season": s}) - 1930 for s in (3, 2))
    assert by["collectivised_share"].offset == winter == by["cattle_m"].offset
    assert by["harvest_true_mt"].offset == autumn
    assert by["procurement_mt"].flow and by["famine_deaths"].cumulative


def test_plots_of_a_folder_that_takes_no_plot_say_so(tmp_path):
    pytest.importorskip("matplotlib")
    from game.lab.plots import make_plots

    (tmp_path / "scores.png").mkdir()
    with pytest.raises(SmychkaError, match="cannot write the plot"):
        make_plots([_row(), _row(seed=2, outcome="war_peace")], tmp_path)
    (tmp_path / "scores.png").rmdir()
    files = make_plots([_row(), _row(seed=2, outcome="war_peace")], tmp_path)
    assert [f.name for f in files] == ["scores.png", "outcomes.png", "fan_great-turn-1928.png"]


# --- the report's levers ---------------------------------------------------------------------
def test_idle_levers_are_told_apart_from_dead_ones():
    import tomllib

    from game.lab.report import idle_levers

    data = tomllib.loads((ROOT / "assets/strategies/steady-voluntary.toml").read_text())
    peace = idle_levers(data, "great-turn-1928", [{"outcome": "peace"}] * 3)
    assert "procurement = market" in peace["price"]  # quotas all along
    assert "target" in peace  # forced only in Ukraine, which sets its own target
    assert "none of the 3 campaigns had one" in peace["war_stance"]
    assert "quota" not in peace and "invest.heavy" not in peace
    war = idle_levers(data, "great-turn-1928", [{"outcome": "war_victory"}])
    assert "war_stance" not in war and "price" in war
    forced_region = {"name": "r", "phase": [{"from": 1928, "path": "voluntary",
                                             "regions": {"ukraine": {"path": "forced"}}}]}  # fmt: skip
    assert "target" not in idle_levers(forced_region, "great-turn-1928", [])


def test_a_cluster_whose_workers_lack_the_game_is_named():
    """Such a worker drops every task it is sent: with none able, the run waited forever
    (seen on a local scheduler with a worker started outside the game's folder)."""
    from game.lab.runner import missing_game

    spec = object()
    assert missing_game({}) == "" and missing_game({"tcp://a:1": spec}) == ""
    msg = missing_game({"tcp://a:1": spec, "tcp://b:2": None})
    assert msg.startswith("1 of 2 workers cannot import the game (tcp://b:2)")
    assert "PYTHONPATH" in msg


def test_a_lever_every_region_sets_for_itself_is_idle_nationally():
    """The regions family's best sets path and quota in all twelve regions: moving the
    national ones does nothing, by design, and was reported as dead."""
    from game.cards.expr import region_ids
    from game.lab.report import idle_levers

    own = {rid: {"quota": 0.2} for rid in region_ids()}
    data = {"name": "r", "phase": [{"from": 1928, "procurement": "quota", "regions": own}]}
    idle = idle_levers(data, "great-turn-1928", [])
    assert idle["quota"] == "every region sets its own quota in the baseline"
    del own["ukraine"]
    assert "quota" not in idle_levers(data, "great-turn-1928", [])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["path", "quota", "allow_exit", "tax.kulak", "invest.heavy", "nope"])
            | st.text(max_size=6),
            st.sampled_from(["forced", "0.2", "true", "nan", "inf", "-1", "9"])
            | st.text(max_size=6),
        ),
        max_size=3,
    )
)
def test_any_fix_is_a_lever_setting_or_a_clear_error(items):
    """--fix NAME=VALUE and --region-levers, typed by hand: a setting in its range, or
    an error naming it."""
    import math

    from game.cards.strategy import strategy_fields
    from game.lab.search import parse_fixed

    fields = strategy_fields()
    try:
        fixed = parse_fixed([f"{k}={v}" for k, v in items])
    except SmychkaError as exc:
        assert str(exc).startswith("--fix ")
        return
    for k, v in fixed.items():
        f = fields[k]
        if f.kind == "number":
            assert math.isfinite(v) and f.lo <= v <= f.hi
        elif f.kind == "choice":
            assert v in f.choices
        else:
            assert isinstance(v, bool)
