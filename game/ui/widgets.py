"""Small helpers shared by the scenes: panels, labels, text and drawn decorations."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

if TYPE_CHECKING:
    from game.ui.scene import Scene
    from game.ui.theme import Theme


def panel(
    scene: Scene, rect: pygame.Rect, object_id: str | None = None, container: Any = None
) -> pygame_gui.elements.UIPanel:
    return pygame_gui.elements.UIPanel(
        relative_rect=rect,
        manager=scene.manager,
        container=container or scene.root,
        object_id=object_id,
    )


def label(
    scene: Scene,
    rect: pygame.Rect,
    text: str,
    object_id: str | None = None,
    container: Any = None,
) -> pygame_gui.elements.UILabel:
    return pygame_gui.elements.UILabel(
        relative_rect=rect,
        text=text,
        manager=scene.manager,
        container=container or scene.root,
        object_id=object_id,
    )


def textbox(
    scene: Scene,
    rect: pygame.Rect,
    text_html: str,
    object_id: str | None = None,
    container: Any = None,
) -> pygame_gui.elements.UITextBox:
    """A wrapping, scrolling text box. `text_html` uses pygame_gui's small HTML subset
    (<b>, <i>, <br>, <font color=...>); escape outside text with `esc()`."""
    return pygame_gui.elements.UITextBox(
        html_text=text_html,
        relative_rect=rect,
        manager=scene.manager,
        container=container or scene.root,
        object_id=object_id,
    )


def esc(text: str) -> str:
    """Text from content files made safe for UITextBox markup; newlines become <br>."""
    return html.escape(str(text), quote=False).replace("\n", "<br>")


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Greedy word wrap for custom-drawn text; keeps explicit newlines."""
    lines: list[str] = []
    for para in str(text).split("\n"):
        words = para.split(" ")
        cur = ""
        for w in words:
            cand = w if not cur else cur + " " + w
            if font.size(cand)[0] <= width or not cur:
                cur = cand
            else:
                lines.append(cur)
                cur = w
        lines.append(cur)
    return lines


def ellipsize(font: pygame.font.Font, text: str, width: int) -> str:
    """`text` cut with an ellipsis so it fits `width` pixels."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"


def draw_text(
    surface: pygame.Surface,
    font: pygame.font.Font,
    text: str,
    colour: tuple[int, int, int],
    pos: tuple[int, int],
    anchor: str = "topleft",
    max_width: int | None = None,
) -> pygame.Rect:
    if max_width is not None:
        text = ellipsize(font, text, max_width)
    img = font.render(text, True, colour)
    r = img.get_rect(**{anchor: pos})
    surface.blit(img, r)
    return r


def fmt_value(value: float, unit: str = "", percent: bool = False) -> str:
    """A figure as players read it: 12.3 %, 71.4 Mt, 1 234."""
    if percent or unit == "%":
        return f"{value * 100:.1f} %"
    if abs(value) >= 1000:
        s = f"{value:,.0f}".replace(",", "\u202f")
    elif abs(value) >= 100:
        s = f"{value:.0f}"
    elif abs(value) >= 10:
        s = f"{value:.1f}"
    else:
        s = f"{value:.2f}"
    return f"{s} {unit}".strip()


def field_background(surface: pygame.Surface, theme: Theme, seed: int = 0) -> None:
    """The menu's backdrop: a dusk sky over ploughed furrows running to the horizon."""
    w, h = surface.get_size()
    horizon = int(h * 0.56)
    sky_top, sky_low = (20, 22, 30), (86, 52, 34)
    for y in range(horizon):
        t = y / max(1, horizon - 1)
        c = tuple(int(a + (b - a) * t**1.6) for a, b in zip(sky_top, sky_low, strict=True))
        pygame.draw.line(surface, c, (0, y), (w, y))
    # low sun: a soft radial glow (drawn small, scaled up smooth) and the disc
    cx, cy = int(w * 0.72), horizon
    glow_r = int(h * 0.42)
    g = pygame.Surface((64, 64), pygame.SRCALPHA)
    for y in range(64):
        for x in range(64):
            d = ((x - 31.5) ** 2 + (y - 31.5) ** 2) ** 0.5 / 32
            if d < 1:
                g.set_at((x, y), (235, 150, 70, int(120 * (1 - d) ** 2.2)))
    g = pygame.transform.smoothscale(g, (glow_r * 2, glow_r * 2))
    surface.blit(g, (cx - glow_r, cy - glow_r))
    pygame.draw.circle(surface, (242, 184, 96), (cx, cy), int(h * 0.06))
    # fields: alternating wheat and earth bands converging to a vanishing point
    field_top = (58, 44, 28)
    pygame.draw.rect(surface, field_top, (0, horizon, w, h - horizon))
    vx = int(w * 0.5)
    n = 28
    for i in range(-n, n + 1):
        x0 = vx + i * w / 12
        x1 = vx + (i + 1) * w / 12
        shade = (150, 112, 46) if i % 2 == 0 else (96, 70, 36)
        pts = [
            (vx + (x0 - vx) * 0.02, horizon),
            (vx + (x1 - vx) * 0.02, horizon),
            (x1, h),
            (x0, h),
        ]
        pygame.draw.polygon(surface, shade, pts)
    # furrow lines
    for i in range(-n, n + 1):
        x = vx + i * w / 24
        pygame.draw.aaline(surface, (48, 34, 20), (vx + (x - vx) * 0.02, horizon), (x, h))
    # haze at the horizon and a darkening towards the viewer for legibility
    haze = pygame.Surface((w, h), pygame.SRCALPHA)
    for y in range(horizon, h):
        t = (y - horizon) / max(1, h - horizon)
        a = int(140 * (1 - t) ** 3)
        pygame.draw.line(haze, (120, 80, 50, a), (0, y), (w, y))
    surface.blit(haze, (0, 0))
    shade = pygame.Surface((w, h), pygame.SRCALPHA)
    for x in range(0, w, 4):
        t = 1 - x / w
        pygame.draw.rect(shade, (10, 11, 14, int(200 * t**1.3)), (x, 0, 4, h))
    surface.blit(shade, (0, 0))
    # a few wheat stalks in the foreground
    rng = __import__("random").Random(seed)
    for _ in range(int(w / 9)):
        x = rng.uniform(0, w)
        base = h + rng.uniform(0, h * 0.04)
        top = base - rng.uniform(h * 0.08, h * 0.2)
        lean = rng.uniform(-h * 0.03, h * 0.03)
        col = (170 + rng.randint(-20, 30), 128 + rng.randint(-20, 20), 52)
        pygame.draw.aaline(surface, col, (x, base), (x + lean, top))
        ear = pygame.Rect(0, 0, max(2, int(h * 0.006)), int(h * 0.03))
        ear.midbottom = (int(x + lean), int(top + h * 0.01))
        pygame.draw.ellipse(surface, col, ear)


def draw_box(
    surface: pygame.Surface, rect: pygame.Rect, theme: Theme, fill: str = "panel", border=True
) -> None:
    pygame.draw.rect(surface, theme.c(fill), rect, border_radius=theme.px(6))
    if border:
        pygame.draw.rect(surface, theme.c("border"), rect, width=1, border_radius=theme.px(6))


MINUS = "\u2212"  # a real minus sign: as wide as the plus, never taken for a hyphen
# the first word of an explanation factor's unit when it is a measure ("Mt at 1928
# prices", "M households"); any other word ("undecided") names a state, and the
# number before it is only that state's code
_MEASURES = frozenset(("%", "pp", "M", "Mt", "Mha", "k", "t", "thousand", "million"))


def fmt_number(value: float) -> str:
    """A number for a player: never 1.41e-05 nor -0.0; at most three significant
    figures, thousands grouped. Too small to matter reads 0."""
    v = float(value)
    if v != v:  # NaN: a figure the rules could not work out
        return "?"
    a = abs(v)
    if a < 0.005:
        return "0"
    if a >= 1000:
        s = f"{a:,.0f}".replace(",", "\u202f")
    elif a >= 100:
        s = f"{a:.0f}"
    elif a >= 10:
        s = f"{a:.1f}"
    else:
        s = f"{a:.2f}"
    return (MINUS if v < 0 else "") + s


def fmt_signed(value: float, decimals: int = 1) -> str:
    """A change with its sign: +1.2, −0.4; one that rounds to nothing is 0 (a red
    "−0.0" would say something got worse when nothing did)."""
    v = round(float(value), decimals)
    if v == 0:
        return "0"
    return ("+" if v > 0 else MINUS) + f"{abs(v):.{decimals}f}"


def _with_unit(number: str, unit: str) -> str:
    return f"{number} {unit}" if unit else number


def factor_text(f: Any) -> str:
    """One factor of an engine explanation (game.engine.explain.Factor) in words."""
    unit = f.unit or ""
    if f.kind == "lever":
        return f"• {f.label}"
    if f.kind == "mult":
        return f"{f.label}: ×{f.value:.2f}"
    if f.kind == "info" and unit and unit.split()[0] not in _MEASURES:
        return f"{f.label}: {unit}"  # "Germany: undecided", not "-1 undecided"
    if f.kind == "add":
        n = fmt_number(f.value)
        if n != "0" and not n.startswith(MINUS):
            n = "+" + n
        return f"{f.label}: {_with_unit(n, unit)}"
    return f"{f.label}: {_with_unit(fmt_number(f.value), unit)}"


LEVERS_HEAD = "What you can do:"


def explanation_lines(exp: Any) -> list[str]:
    """An engine explanation as the lines of a tooltip: the figure, then each factor
    (a term that moved it by nothing the player could read is left out), then what
    the player can do about it (the "lever" factors) under their own head."""
    head = f"{exp.label}: {_with_unit(fmt_number(exp.value), exp.unit or '')}"
    levers = [factor_text(f) for f in exp.factors if f.kind == "lever"]
    lines = [head] + [
        factor_text(f)
        for f in exp.factors
        if f.kind != "lever" and not (f.kind == "add" and fmt_number(f.value) == "0")
    ]
    return lines + ([LEVERS_HEAD] + levers if levers else [])


def explanation_text(exp: Any) -> str:
    """An explanation as one tooltip text: the figure, then its factors indented."""
    lines = explanation_lines(exp)
    return "\n".join([lines[0]] + ["  " + ln for ln in lines[1:]])
