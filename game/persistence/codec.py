"""Campaign <-> the JSON-ready header and body of a save (no files here).

What a save holds and why:
- the engine state (every array, the national figures, the PCG64 RNG state),
  so play continues bit for bit as if it never stopped;
- the history (charts), the decisions log (replays) and the current decisions;
- the card state, the pending cards' ids and this turn's answers, so the same
  cards come up again;
- the last turn report, so the player sees what happened before the save;
- the content (enabled mods and their hashes), so a changed install is reported.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

import game
from game.campaign import MAX_RELATIVES, SEASON_SCOPED, Campaign, CampaignDeck, Relative, kept_part
from game.engine import Decisions, State, TurnReport, resolve_turn
from game.engine.outcome import score
from game.engine.scenario import Scenario, load_scenario
from game.errors import SmychkaError
from game.persistence import validate
from game.persistence.fileformat import FORMAT_VERSION

# 1: first format. 2: history stored as columns (half the size, faster to parse).
# 3: pigs, sheep, sown area, pre-war yields, regions' place in the grain economy (#9).
# 4: the campaign's timeline (its id, the parent it branched from, ironman).
# 5: the war played (occupation, partisans, collaboration, war dead; the war's figures) and
#    the world before it (Nazi strength and vote, suppliers, industry in the east) (#10).


# --- writing -----------------------------------------------------------------
def _content_info(deck: CampaignDeck | None) -> list[dict[str, Any]]:
    return [] if deck is None else [dict(m) for m in deck.content_info()]


def _scenario_meta(sc: Scenario) -> dict[str, Any]:
    # Enough to rebuild a Scenario if the one the campaign began with (say, a
    # mod's) is no longer installed: the state itself carries the figures.
    return {
        "id": sc.id,
        "name": sc.name,
        "start_year": sc.start_year,
        "start_season": sc.start_season,
        "end_year": sc.end_year,
        "end_season": sc.end_season,
        "summary": sc.summary,
        "divergence": sc.divergence,
        "source": Path(sc.source).name,
        "historical": bool(sc.historical),
    }


def _cards(camp: Campaign) -> dict[str, Any] | None:
    deck = camp.deck
    if deck is None:
        return None
    return {
        "state": deck.state_dict(),
        "pending": [inst.card.id for inst in camp.pending],
        "choices": [dict(c) for c in camp.choices],
    }


def header_of(camp: Campaign) -> dict[str, Any]:
    st = camp.state
    return {
        "format": "smychka-save",
        "format_version": FORMAT_VERSION,
        "game_version": game.__version__,
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "scenario": st.scenario_id,
        "scenario_name": camp.scenario.name,
        "difficulty": st.params.get("difficulty"),
        "seed": st.params.get("seed"),
        "turn": st.turn,
        "date_label": st.date_label,
        "outcome": st.outcome,
        "cards": camp.deck is not None,
        "mods": _content_info(camp.deck),
        "mode": camp.mode,  # ironman, branch or normal: the saves list shows it
    }


def body_of(camp: Campaign) -> dict[str, Any]:
    return {
        "scenario": _scenario_meta(camp.scenario),
        "state": camp.state.to_dict(),
        "decisions": camp.decisions.to_dict(),
        "history": history_columns(camp.history),
        "region_years": camp.region_years,
        "log": camp.log,
        "last_report": camp.last_report.to_dict() if camp.last_report is not None else None,
        # optional (saves before it lack it; the panels then wait for the next harvest)
        "kept_reports": {
            kind: kept_part(rep, kind).to_dict() for kind, rep in camp.kept_reports.items()
        },
        "cards": _cards(camp),
        "timeline": {
            "id": camp.campaign_id,
            "parent": camp.parent,
            "ironman": camp.ironman,
            "relatives": [_relative_body(r) for r in camp.relatives],
        },
    }


def _relative_body(r: Relative) -> dict[str, Any]:
    return {
        "id": r.id,
        "label": r.label,
        "parent": r.parent,
        "outcome": r.outcome,
        "score": r.score,
        "ending": r.ending,
        "famine": r.famine,
        "date": r.date,
        "history": history_columns(r.history),
    }


def history_columns(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-turn rows as {"columns": [...], "rows": [[...], ...]}: the keys once, not per row."""
    columns: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for k in row:
            if k not in seen:
                seen.add(k)
                columns.append(k)
    return {"columns": columns, "rows": [[row.get(k) for k in columns] for row in rows]}


# --- reading -----------------------------------------------------------------
class _Damaged(Exception):
    """A body that parses but does not hold what a save holds."""


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise _Damaged(what)


def _list_of_dicts(value: Any, what: str) -> list[dict[str, Any]]:
    _need(isinstance(value, list), f"'{what}' is not a list")
    for i, row in enumerate(value):
        _need(isinstance(row, dict), f"'{what}[{i}]' is not an object")
    return value


def _region_years(data: Any, n_regions: int) -> list[dict[str, Any]]:
    """The regions' yearly records (format 3; older saves have none)."""
    from game.engine.timeline import REGION_FIELDS

    years = _list_of_dicts(data, "region_years")
    for i, rec in enumerate(years):
        year = rec.get("year")
        _need(
            isinstance(year, int) and not isinstance(year, bool),
            f"'region_years[{i}].year' is not a year",
        )
        for k in REGION_FIELDS[1:]:
            vals = rec.get(k, [0.0] * n_regions)
            _need(
                isinstance(vals, list)
                and len(vals) == n_regions
                and all(
                    isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                    for v in vals
                ),
                f"'region_years[{i}].{k}' is not a number for each region",
            )
    return years


def _history_rows(data: Any) -> list[dict[str, Any]]:
    _need(isinstance(data, dict), "'history' is not an object")
    cols, rows = data["columns"], data["rows"]
    _need(isinstance(cols, list) and all(isinstance(c, str) for c in cols), "bad history columns")
    _need(isinstance(rows, list), "'history.rows' is not a list")
    out = []
    for i, row in enumerate(rows):
        _need(isinstance(row, list) and len(row) == len(cols), f"history row {i} is malformed")
        out.append({k: v for k, v in zip(cols, row, strict=True) if v is not None})
    return out


def _state(data: Any) -> State:
    _need(isinstance(data, dict), "'state' is not an object")
    validate.check_state_layout(data)  # types first, so a wrong one is named
    st = State.from_dict(data)
    validate.check_state(st)  # every figure against the engine's declarations
    return st


def _scenario(
    meta: Any, state: State, warnings: list[str], deck: CampaignDeck | None = None
) -> Scenario:
    try:  # a base scenario, or one of the mods loaded with the deck
        return load_scenario(state.scenario_id, deck.content.scenarios if deck else None)
    except SmychkaError:
        pass
    _need(isinstance(meta, dict), "'scenario' is not an object")
    warnings.append(
        f"scenario '{state.scenario_id}' is not installed (was it from a mod?); "
        "the campaign continues from the saved figures"
    )
    return Scenario(
        id=state.scenario_id,
        name=str(meta.get("name", state.scenario_id)),
        start_year=int(meta.get("start_year", state.start_year)),
        start_season=int(meta.get("start_season", state.start_season)),
        end_year=int(meta.get("end_year", state.start_year)),
        end_season=int(meta.get("end_season", 0)),
        summary=str(meta.get("summary", "")),
        divergence=str(meta.get("divergence", "")),
        source=Path(str(meta.get("source", "missing.toml"))),
        data={},
        historical=bool(meta.get("historical", False)),
    )


def _mod_label(m: dict[str, Any]) -> str:
    return f"'{m.get('id', '?')}' {m.get('version', '')}".rstrip()


def compare_content(saved: Sequence[Any], current: Sequence[Any]) -> list[str]:
    """Warnings for mods that are missing or changed since the save."""
    now = {m.get("id"): m for m in current if isinstance(m, dict)}
    out = []
    for m in saved:
        if not isinstance(m, dict):
            continue
        cur = now.get(m.get("id"))
        if cur is None:
            out.append(
                f"mod {_mod_label(m)} used by this save is not installed or not enabled: "
                "its cards are left out"
            )
        elif cur.get("sha256") != m.get("sha256") or cur.get("version") != m.get("version"):
            if m.get("id") == "base":  # the game's own cards, updated with the game
                out.append(
                    "the game's own cards have changed since this save (an update?): "
                    "cards may play differently from here on"
                )
                continue
            out.append(
                f"mod {_mod_label(m)} has changed since the save (now {_mod_label(cur)}): "
                "its cards may play differently"
            )
    return out


def _make_deck(mods_dirs: Sequence[Path]) -> CampaignDeck:
    from game.cards import deck as deck_mod

    # The content enabled now plus the given mod folders, as for a new campaign;
    # the save's own content list is compared against it to warn of changes.
    return deck_mod.default_deck(list(mods_dirs))


def _load_deck(
    cards: Any, header: dict[str, Any], mods_dirs: Sequence[Path], warnings: list[str]
) -> CampaignDeck | None:
    """The deck for a save made with cards (None without), content changes warned about."""
    if cards is None:
        return None
    _need(isinstance(cards, dict), "'cards' is not an object")
    try:
        deck = _make_deck(mods_dirs)
    except SmychkaError as exc:
        warnings.append(
            f"the cards could not be loaded ({exc}): the campaign continues without them"
        )
        return None
    saved_mods = header.get("mods", [])
    warnings.extend(
        compare_content(saved_mods if isinstance(saved_mods, list) else [], _content_info(deck))
    )
    return deck


def _restore_card_state(camp: Campaign, cards: dict[str, Any], warnings: list[str]) -> None:
    deck = camp.deck
    assert deck is not None  # (called only for a save made with cards, once they loaded)
    if cards.get("state") is not None:
        _need(isinstance(cards["state"], dict), "'cards.state' is not an object")
        try:
            deck.load_state(cards["state"])
        except SmychkaError as exc:
            warnings.append(f"part of the card state could not be restored: {exc}")
    choices = cards.get("choices", [])
    camp.choices = [dict(c) for c in _list_of_dicts(choices, "cards.choices")]
    pending_ids = cards.get("pending", [])
    _need(isinstance(pending_ids, list), "'cards.pending' is not a list")
    camp.pending = []
    for cid in pending_ids:
        _need(isinstance(cid, str), "'cards.pending' holds a non-text card id")
        try:
            inst = deck.instance(camp, cid)
        except SmychkaError:
            inst = None
        if inst is None:
            warnings.append(
                f"pending card '{cid}' is not in the loaded content (missing mod?): it is dropped"
            )
        else:
            camp.pending.append(inst)


def campaign_from(
    header: dict[str, Any], body: dict[str, Any], mods_dirs: Sequence[Path] = ()
) -> tuple[Campaign, list[str]]:
    """Build a campaign from a (migrated, current-format) body.

    Raises _Damaged, or KeyError/TypeError/ValueError... on malformed data;
    the caller turns them into SaveError naming the file."""
    try:
        return _campaign_from(header, body, mods_dirs)
    except validate.ContentProblem as exc:
        raise _Damaged(str(exc)) from None


def _campaign_from(
    header: dict[str, Any], body: dict[str, Any], mods_dirs: Sequence[Path]
) -> tuple[Campaign, list[str]]:
    warnings: list[str] = []
    validate.check_numbers(body)  # NaN, Infinity, 30-digit integers: anywhere
    state = _state(body["state"])
    validate.check_header(header, state)
    decisions = body["decisions"]
    _need(isinstance(decisions, dict), "'decisions' is not an object")
    dec = Decisions.from_dict(decisions).validate(state.region_ids)
    history = _history_rows(body["history"])
    log = _list_of_dicts(body["log"], "log")
    rep = body.get("last_report")
    report = None
    if rep is not None:
        _need(isinstance(rep, dict), "'last_report' is not an object")
        report = TurnReport.from_dict(rep)
    # The deck first: its content holds the scenarios of enabled mods.
    cards = body.get("cards")
    deck = _load_deck(cards, header, mods_dirs, warnings)
    scenario = _scenario(body.get("scenario"), state, warnings, deck)
    if scenario.data:  # installed (not rebuilt from the save): it fixes the dates
        validate.check_against_scenario(state, scenario)
    camp = Campaign(
        state=state,
        scenario=scenario,
        decisions=dec,
        history=history,
        log=log,
        region_years=_region_years(body.get("region_years", []), state.n_regions),
        last_report=report,
        deck=deck,
    )
    _restore_timeline(camp, body.get("timeline"), warnings)
    camp.kept_reports = _kept_reports(body.get("kept_reports", {}), camp, warnings)
    if deck is not None:
        _restore_card_state(camp, cards, warnings)
    _smoke_test(camp)
    return camp, warnings


def _parent_ref(parent: Any, where: str, max_turn: int) -> dict[str, Any]:
    _need(isinstance(parent, dict), f"'{where}' is not an object")
    pid, turn = parent.get("id"), parent.get("turn")
    _need(isinstance(pid, str) and len(pid) <= 64, f"'{where}.id' is not a short text")
    _need(
        isinstance(turn, int) and not isinstance(turn, bool) and 0 <= turn <= max_turn,
        f"'{where}.turn' is not a turn of this campaign",
    )
    return {"id": pid, "turn": turn}


def _short_text(v: Any, what: str, limit: int = 200) -> str:
    _need(isinstance(v, str) and len(v) <= limit, f"'{what}' is not a short text")
    return v


def _finite(v: Any, what: str) -> float:
    _need(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v),
        f"'{what}' is not a number",
    )
    return float(v)


def _relatives(data: Any, camp: Campaign) -> list[Relative]:
    """The other timelines' records (saves before relatives were kept have none)."""
    _need(isinstance(data, list), "'timeline.relatives' is not a list")
    _need(len(data) <= MAX_RELATIVES, f"'timeline.relatives' holds more than {MAX_RELATIVES}")
    out = []
    limit = camp.state.end_turn + 1
    for i, rec in enumerate(data):
        w = f"timeline.relatives[{i}]"
        _need(isinstance(rec, dict), f"'{w}' is not an object")
        rows = _history_rows(rec.get("history"))
        _need(0 < len(rows) <= limit + 1, f"'{w}.history' is not a history of this scenario")
        for j, row in enumerate(rows):
            for k, v in row.items():
                _finite(v, f"{w}.history[{j}].{k}")
        outcome = rec.get("outcome")
        parent = rec.get("parent")
        out.append(
            Relative(
                id=_short_text(rec.get("id"), f"{w}.id", 64),
                label=_short_text(rec.get("label"), f"{w}.label", 80),
                parent=None if parent is None else _parent_ref(parent, f"{w}.parent", limit),
                history=rows,
                outcome=None if outcome is None else _short_text(outcome, f"{w}.outcome", 64),
                score=_finite(rec.get("score"), f"{w}.score"),
                ending=_short_text(rec.get("ending"), f"{w}.ending", 120),
                famine=_finite(rec.get("famine"), f"{w}.famine"),
                date=_short_text(rec.get("date"), f"{w}.date", 40),
            )
        )
    return out


def _kept_reports(data: Any, camp: Campaign, warnings: list[str]) -> dict[str, TurnReport]:
    """The season-scoped breakdowns (Campaign.kept_reports). They only explain: a
    damaged one is dropped with a warning and the campaign loads."""
    out: dict[str, TurnReport] = {}
    if not isinstance(data, dict):
        warnings.append("the kept harvest and procurement breakdowns are dropped: not an object")
        return out
    for kind, raw in data.items():
        try:
            _need(kind in SEASON_SCOPED, f"'kept_reports.{kind}' is not a kind of breakdown")
            _need(isinstance(raw, dict), f"'kept_reports.{kind}' is not an object")
            rep = TurnReport.from_dict(raw)
            _need(
                0 <= rep.turn < max(camp.state.turn, 1),
                f"'kept_reports.{kind}' is not a past season",
            )
            for name, exps in rep.regional_builders.items():
                _need(
                    len(exps) == camp.state.n_regions,
                    f"'kept_reports.{kind}.regional.{name}' is not one per region",
                )
            out[str(kind)] = rep
        except (_Damaged, KeyError, TypeError, ValueError, AttributeError) as exc:
            warnings.append(f"the kept '{kind}' breakdown is dropped: {exc}")
    return out


def _restore_timeline(camp: Campaign, data: Any, warnings: list[str] | None = None) -> None:
    _need(isinstance(data, dict), "'timeline' is not an object")
    # The other timelines are a record for the charts, not the campaign itself: a
    # damaged record is dropped, with a warning, and the campaign loads.
    try:
        camp.relatives = _relatives(data.get("relatives", []), camp)
    except (_Damaged, KeyError, TypeError, ValueError) as exc:
        camp.relatives = []
        if warnings is not None:
            warnings.append(f"the records of this campaign's other timelines are dropped: {exc}")
    cid, parent, ironman = data.get("id", ""), data.get("parent"), data.get("ironman", False)
    _need(isinstance(cid, str) and len(cid) <= 64, "'timeline.id' is not a short text")
    _need(isinstance(ironman, bool), "'timeline.ironman' is not true or false")
    if parent is not None:
        parent = _parent_ref(parent, "timeline.parent", camp.state.turn)
    camp.campaign_id, camp.parent, camp.ironman = cid, parent, ironman


def _smoke_test(camp: Campaign) -> None:
    """Play one season on a copy, score it and chart it: a save that loads can be played.

    Data can be well-formed yet unusable (a parameter dropped by a hand edit);
    finding that out now gives a clear error instead of a crash turns later."""
    try:
        with np.errstate(all="ignore"):  # odd-but-finite figures may overflow; not an error here
            _play_one_season_on_a_copy(camp)
    except SmychkaError as exc:
        raise _Damaged(f"the saved campaign cannot be played on: {exc}") from None
    except Exception as exc:  # any failure here means damaged data
        raise _Damaged(
            f"the saved campaign cannot be played on ({type(exc).__name__}: {exc})"
        ) from None


def _play_one_season_on_a_copy(camp: Campaign) -> None:
    camp.timeline()
    camp.score()
    if not camp.state.finished:
        st = camp.state.copy()
        resolve_turn(st, camp.decisions)
        score(st, st.params["baseline"])


LOAD_ERRORS: tuple[type[BaseException], ...] = (
    _Damaged,
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    OverflowError,
    RecursionError,
)


def describe(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"missing {exc}"
    return str(exc) or type(exc).__name__
