"""The selected region's figures, drawn in the left column with hover explanations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from game.engine.breakdowns import levers_for
from game.engine.explain import Factor
from game.engine.figures import REGIONAL
from game.engine.rules.information import reliable_regions
from game.engine.state import FORM_NAMES, FORMS, STRATA, STRATA_NAMES
from game.engine.vocab import LEVER
from game.ui.palettes import FORM_COLOURS, strata_colours
from game.ui.widgets import draw_text, ellipsize, explanation_text

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.engine.state import State
    from game.engine.turn import TurnReport
    from game.ui.theme import Theme
    from game.ui.tooltip import HoverTips

# row labels short enough for the narrow column (the bar's tooltip has the full names)
FORM_ROWS = {
    "private": "Private farms",
    "voluntary": "Voluntary collectives",
}
COMPACT_BELOW = 480  # panel height (px at 100 %) under which rows pack tighter


def reliable(state: State, i: int) -> bool:
    """Does the player have trustworthy knowledge of region i's true figures? (the same
    rule as the map: little report inflation, or worker-cadres on the spot)"""
    return bool(reliable_regions(state)[i])


def region_name(state: State, i: int) -> tuple[str, str]:
    ru = state.params.get("region_names_ru") or []
    return state.region_names[i], (ru[i] if i < len(ru) else "")


def _explain(report: TurnReport | None, name: str, i: int) -> str:
    """Region i's breakdown of `name` in `report` as tooltip text ("" if it has none)."""
    if report is None:
        return ""
    try:
        exps = report.regional_for(name)
    except Exception:  # noqa: BLE001 - explanations are a nicety; never break the screen
        return ""
    if not exps or i >= len(exps):
        return ""
    exp = exps[i]
    levers = levers_for(exp.figure)  # the same in every region: not in each breakdown
    if levers and not any(f.kind == "lever" for f in exp.factors):
        exp = replace(exp, factors=[*exp.factors, *(Factor(t, 0.0, "lever") for t in levers)])
    return explanation_text(exp)


def why_of(report: TurnReport | None, name: str, i: int, fallback: str) -> str:
    """What the season did to region i's figure `name`, or `fallback` (the figure's
    description) when the report has no breakdown of it."""
    return _explain(report, name, i) or fallback


def region_tip(
    camp: Campaign, figure: str, i: int, kept: Mapping[str, TurnReport | None] | None = None
) -> str:
    """The breakdown behind a map figure of region i, for the map's tooltip ("" if the
    rules give none): this season's report, or the last harvest's for the harvest."""
    if figure in ("harvest", "harvest_reported"):
        rep = (kept or {}).get("harvest") or camp.kept_report("harvest")
        return _explain(rep, "harvest", i)
    return _explain(camp.last_report, figure, i)


def _as_of(report: TurnReport | None, text: str, what: str = "as of") -> str:
    """A kept breakdown says which season it comes from."""
    return f"{text}\n({what} {report.date})" if text and report is not None else text


def draw_region_panel(
    surface: pygame.Surface,
    rect: pygame.Rect,
    theme: Theme,
    state: State,
    i: int,
    report: TurnReport | None,
    tips: HoverTips,
    decisions: Any = None,
    scroll: int = 0,
    harvest_report: TurnReport | None = None,
    palette: str | None = None,
    procurement_report: TurnReport | None = None,
) -> int:
    """Draw region i's panel in `rect`, its content moved up by `scroll` pixels (the
    wheel scrolls it when it is taller than the panel). Returns the content's height.
    `harvest_report` and `procurement_report`: the last seasons that brought those
    breakdowns (Campaign.kept_report), so they are explained all year."""
    t = theme
    px = t.px
    a = state.arrays
    stratum_colours = list(strata_colours(palette))
    pygame.draw.rect(surface, t.c("panel"), rect, border_radius=px(6))
    pygame.draw.rect(surface, t.c("border"), rect, width=1, border_radius=px(6))
    view = rect.inflate(-2, -2)
    old_clip = surface.get_clip()
    surface.set_clip(view)
    x = rect.x + px(12)
    w = rect.w - px(24)
    y = rect.y + px(10) - scroll
    # a short panel (small window, large UI scale) packs tighter so the people rows fit
    compact = rect.h < px(COMPACT_BELOW)
    gap = px(2) if compact else px(6)
    en, ru = region_name(state, i)
    r = draw_text(surface, t.font(19, "bold"), en, t.c("text"), (x, y), max_width=w)
    ru_font = t.font(14, "italic")
    if ru and compact and r.w + px(12) + ru_font.size(ru)[0] <= w:
        draw_text(surface, ru_font, ru, t.c("accent"), (x + w, r.centery), anchor="midright")
        y = r.bottom
    else:
        y = r.bottom
        if ru:
            r = draw_text(surface, ru_font, ru, t.c("accent"), (x, y), max_width=w)
            y = r.bottom
    y += gap + px(2)
    small = t.font(12)
    f = t.font(12 if compact else 13)
    lh = f.get_linesize()

    def heading(text: str) -> None:
        nonlocal y
        draw_text(surface, t.font(12, "bold"), text.upper(), t.c("text_dim"), (x, y))
        y += t.font(12, "bold").get_linesize() + px(2)

    def tip_zone(r: pygame.Rect, tip: str) -> None:
        seen = r.clip(view)  # a row scrolled out of the panel has no tip
        if seen.h > 0:
            tips.add(seen, tip)

    def row(label: str, value: str, tip: str, colour: tuple[int, int, int] | None = None) -> None:
        nonlocal y
        if view.top - lh < y < view.bottom:
            vw = f.size(value)[0]
            draw_text(surface, f, ellipsize(f, label, w - vw - px(8)), t.c("text"), (x, y))
            draw_text(surface, f, value, colour or t.c("accent"), (x + w, y), anchor="topright")
            tip_zone(pygame.Rect(x, y, w, lh), tip)
        y += lh

    def stacked(parts: list[float], colours: list[tuple[int, int, int]], tip: str) -> None:
        nonlocal y
        bar = pygame.Rect(x, y, w, px(12))
        total = max(sum(parts), 1e-9)
        cx = bar.x
        for k, (p, c) in enumerate(zip(parts, colours, strict=True)):
            ww = round(bar.w * p / total) if k < len(parts) - 1 else bar.right - cx
            pygame.draw.rect(surface, c, (cx, bar.y, max(0, ww), bar.h))
            cx += ww
        pygame.draw.rect(surface, t.c("border"), bar, width=1)
        tip_zone(bar, tip)
        y += px(16)

    # the war, where it has touched the region
    held = float(a["occupied"][i])
    if held > 0.005 or a["war_deaths"][i] > 0 or a["partisans"][i] > 0.005:
        heading("The war")
        row(
            "Held by the enemy",
            f"{held * 100:.0f} %",
            _explain(report, "occupied", i) or REGIONAL["occupied"].description,
            t.c("bad") if held > 0.5 else None,
        )
        for name in ("partisans", "collaboration"):
            fig = REGIONAL[name]
            row(fig.label, f"{a[name][i] * 100:.0f} %", fig.description)
        row(
            "Civilians killed",
            f"{a['war_deaths'][i] * 1000:.0f} thousand",
            REGIONAL["war_deaths"].description,
        )
        y += gap
    # households by stratum
    hh = a["households"][i]
    heading(f"Households  {hh.sum():.2f} M")
    tip = "Households by stratum\n" + "\n".join(
        f"{STRATA_NAMES[s]}: {hh[k]:.2f} M ({hh[k] / max(hh.sum(), 1e-9) * 100:.0f} %)"
        for k, s in enumerate(STRATA)
    )
    moved = _explain(report, "households", i)  # what the season did to them
    stacked(list(hh), stratum_colours, tip + (f"\n\n{moved}" if moved else ""))
    # farm forms
    forms = a["forms"][i]
    fh = (hh[:, None] * forms).sum(0)
    shares = fh / max(fh.sum(), 1e-9)
    heading("Farms")
    tip = "How households farm\n" + "\n".join(
        f"{FORM_NAMES[fn]}: {shares[k] * 100:.1f} %" for k, fn in enumerate(FORMS)
    )
    stacked(list(shares), list(FORM_COLOURS), tip)
    for k, fn in enumerate(FORMS):
        row(
            FORM_ROWS.get(fn, FORM_NAMES[fn]),
            f"{shares[k] * 100:.1f} %",
            why_of(report, fn, i, tip),
        )
    y += gap
    heading("Grain and stock")
    rel = reliable(state, i)
    # what made the last harvest (the autumn's report keeps it for the year)
    why = _as_of(harvest_report, _explain(harvest_report, "harvest", i), "the harvest of")
    if rel:
        row(
            "Harvest (checked)",
            f"{a['harvest_true'][i]:.2f} Mt",
            "True harvest: our cadres or honest reports let us see the real figure.\n"
            f"Reported: {a['harvest_reported'][i]:.2f} Mt" + (f"\n\n{why}" if why else ""),
        )
    else:
        row(
            "Harvest (reported)",
            f"{a['harvest_reported'][i]:.2f} Mt",
            "As local officials report it. Reports here cannot be fully trusted "
            f"(inflation about {a['report_bias'][i] * 100:.0f} %); send cadres to check."
            + ("\n\nWhat the villages say made it:\n" + why if why else ""),
            t.c("text_dim"),
        )
    row(
        "Procured since the harvest",
        f"{a['procured_year'][i]:.2f} Mt",
        _explain(report, "procurement", i)
        or _as_of(procurement_report, _explain(procurement_report, "procurement", i))
        or "Grain the state has taken here since the last harvest (autumn and winter)",
    )
    for name, fmt in (("grain_held", "{:.2f} Mt"), ("cattle", "{:.2f} M"), ("horses", "{:.2f} M")):
        fig = REGIONAL[name]
        why = _explain(report, name, i)  # what moved it this season, where the rules say
        row(fig.label, fmt.format(a[name][i]), why or fig.description)
    row(
        REGIONAL["tractors"].label,
        f"{a['tractors'][i]:.1f} k",
        why_of(report, "tractors", i, REGIONAL["tractors"].description),
    )
    y += gap
    heading("People")
    hunger = float(a["hunger"][i])
    row(
        "Hunger",
        f"{hunger * 100:.0f} %",
        _explain(report, "hunger", i) or "Share of food need not met",
        t.c("bad") if hunger > 0.15 else None,
    )
    unrest = float(a["unrest"][i])
    row(
        "Unrest",
        f"{unrest * 100:.0f} %" + ("  REVOLT" if a["revolt"][i] > 0.5 else ""),
        _explain(report, "unrest", i) or "Peasant unrest",
        t.c("bad") if unrest > 0.4 else None,
    )
    row(
        "Famine deaths",
        f"{a['famine_deaths'][i] * 1000:.0f} thousand",
        why_of(report, "famine_deaths", i, "Deaths from hunger in this region so far"),
    )
    row(
        "Deported households",
        f"{a['deported'][i] * 1000:.0f} thousand",
        why_of(report, "deported", i, "Deported so far"),
    )
    cadres = REGIONAL["cadres"]
    row(
        cadres.label,
        f"{a['cadres'][i]:.1f} {cadres.unit}",
        why_of(report, "cadres", i, cadres.description),
    )
    bias = float(a["report_bias"][i])
    row(
        "Report reliability",
        f"{max(0.0, 1 - bias) * 100:.0f} %",
        _explain(report, "report_bias", i)
        or (
            f"Local reports inflate the truth by about {bias * 100:.0f} %. "
            "Pressure raises it; cadres, self-management and time bring it down."
        ),
        t.c("good") if rel else t.c("bad") if bias > 0.15 else None,
    )
    y += gap
    if decisions is not None:
        rid = state.region_ids[i]
        ov = decisions.overrides.get(rid)
        pol = decisions.policy

        def eff(name: str) -> Any:
            v = getattr(ov, name, None) if ov is not None else None
            return (getattr(pol, name), False) if v is None else (v, True)

        own = ov is not None and not ov.is_empty()
        heading("Policy here" + ("  (own course)" if own else "  (national)"))
        path, p_own = eff("path")
        tip = "Set on the right: 'National policy' or this region's tab"
        path_label = {c.value: c.label.lower() for c in LEVER["path"].choices}
        row("Path", path_label.get(str(path), str(path)), tip, t.c("focus") if p_own else None)
        # only the levers at work under this region's policy: no quota under market
        # procurement, no drive target off the forced path (the vocabulary's acts_on)
        proc, pr_own = eff("procurement")
        proc_label = {c.value: c.label.lower() for c in LEVER["procurement"].choices}
        row(
            LEVER["procurement"].label,
            proc_label.get(str(proc), str(proc)),
            tip,
            t.c("focus") if pr_own else None,
        )
        shown = [
            name
            for name in ("target", "coercion", "quota", "price")
            if LEVER[name].acts_on is None
            or eff(LEVER[name].acts_on[0])[0] == LEVER[name].acts_on[1]
        ]
        for name in shown:
            v, o = eff(name)
            row(LEVER[name].label, LEVER[name].fmt(v), tip, t.c("focus") if o else None)
        y += gap
    heading("Trust by stratum")
    trust = a["trust"][i]
    # four bars side by side, each named in full under it; where even one name does not
    # fit its column (a narrow panel, a large UI scale: "bedny…", "serednya"), one row
    # a stratum: the name, its bar and the figure
    bw = (w - px(6) * 3) // 4
    in_columns = max(small.size(s)[0] for s in STRATA) <= bw
    name_w = max(small.size(s)[0] for s in STRATA) + px(8)
    pct_w = small.size("100 %")[0] + px(6)
    for k, s in enumerate(STRATA):
        tip = why_of(
            report,
            f"trust.{s}",
            i,
            f"Trust of the {STRATA_NAMES[s].lower()}: {trust[k] * 100:.0f} %",
        )
        if in_columns:
            bx = x + k * (bw + px(6))
            bar = pygame.Rect(bx, y, bw, px(10))
        else:
            row_h = max(small.get_linesize(), px(12))
            bar = pygame.Rect(x + name_w, y + (row_h - px(10)) // 2, w - name_w - pct_w, px(10))
        pygame.draw.rect(surface, t.c("panel_light"), bar)
        fill = bar.copy()
        fill.w = int(bar.w * float(np.clip(trust[k], 0, 1)))
        pygame.draw.rect(surface, stratum_colours[k], fill)
        if in_columns:
            draw_text(surface, small, s, t.c("text_dim"), (bar.x, bar.bottom + px(2)))
            tip_zone(bar.inflate(0, px(16)), tip)
        else:
            draw_text(surface, small, s, t.c("text_dim"), (x, bar.centery), "midleft")
            pct = f"{trust[k] * 100:.0f} %"
            draw_text(surface, small, pct, t.c("accent"), (x + w, bar.centery), "midright")
            tip_zone(pygame.Rect(x, y, w, row_h), tip)
            y += row_h + px(2)
    if in_columns:
        y += px(10) + small.get_linesize() + px(8)
    else:
        y += px(6)
    content_h = y + scroll - rect.y
    surface.set_clip(old_clip)
    if content_h > rect.h:  # a thin bar says there is more, and where the view is
        track = pygame.Rect(rect.right - px(7), rect.y + px(6), px(3), rect.h - px(12))
        pygame.draw.rect(surface, t.c("panel_light"), track, border_radius=px(2))
        knob_h = max(px(16), track.h * rect.h // content_h)
        top = track.y + (track.h - knob_h) * scroll // max(1, content_h - rect.h)
        pygame.draw.rect(
            surface, t.c("text_dim"), (track.x, top, track.w, knob_h), border_radius=px(2)
        )
    return content_h
