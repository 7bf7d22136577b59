"""The one theme: `assets/ui/theme.json` turned into a pygame_gui theme and fonts.

The JSON holds the palette used by custom drawing, the font files (shipped in
assets/fonts, DejaVu: renders Cyrillic) and the pygame_gui theme blocks at UI
scale 100 %. `Theme(scale)` scales font sizes and a few pixel sizes so the
whole interface grows with the player's UI scale.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pygame

from game import paths

THEME_FILE = paths.asset("ui", "theme.json")
FONT_DIR = paths.asset("fonts")

# misc entries measured in pixels that grow with the UI scale
_SCALED_MISC = (
    "title_bar_height",
    "list_item_height",
    "sliding_button_width",
    "open_button_width",
    "shape_corner_radius",
    "text_horiz_alignment_padding",
)

Colour = tuple[int, int, int]

# Font sizes (at 100 %) that rich text asks for by pixel size (see Theme.big_html),
# preloaded with the theme's own sizes.
RICH_TEXT_SIZES = (18,)


def hex_colour(text: str) -> Colour:
    text = text.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


class Theme:
    """Colours, fonts and the pygame_gui theme dict at one UI scale."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        raw = json.loads(THEME_FILE.read_text(encoding="utf-8"))
        self.colours: dict[str, Colour] = {k: hex_colour(v) for k, v in raw["palette"].items()}
        self.font_files: dict[str, Path] = {k: FONT_DIR / v for k, v in raw["fonts"].items()}
        self._raw_gui: dict[str, Any] = raw["gui"]
        self._fonts: dict[tuple[str, int], pygame.font.Font] = {}

    # --- custom drawing --------------------------------------------------------
    def c(self, name: str) -> Colour:
        """A palette colour by name (bg, panel, text, accent, ...)."""
        return self.colours[name]

    def px(self, n: float) -> int:
        return max(1, round(n * self.scale))

    def font(self, size: int, style: str = "regular") -> pygame.font.Font:
        """A font at `size` px (at 100 %; scaled here). style: regular, bold, italic, title."""
        real = self.px(size)
        key = (style, real)
        f = self._fonts.get(key)
        if f is None:
            if not pygame.font.get_init():
                pygame.font.init()
            f = pygame.font.Font(str(self.font_files[style]), real)
            self._fonts[key] = f
        return f

    def big_html(self, text_html: str, size: int = 18) -> str:
        """Bold rich text at `size` (scaled), for headings inside a UITextBox. HTML
        `<font size=N>` would give a fixed pixel size that ignores the UI scale."""
        return f"<font pixel_size={self.px(size)}><b>{text_html}</b></font>"

    # --- pygame_gui ----------------------------------------------------------
    def _font_block(self, block: dict[str, Any]) -> dict[str, Any]:
        out = {k: str(v) for k, v in block.items()}
        out["size"] = str(self.px(float(block.get("size", 15))))
        if block.get("name") == "dejavuserif":
            path = str(self.font_files["title"])
            out.update(regular_path=path, bold_path=path, italic_path=path, bold_italic_path=path)
        else:
            out.update(
                regular_path=str(self.font_files["regular"]),
                bold_path=str(self.font_files["bold"]),
                italic_path=str(self.font_files["italic"]),
                bold_italic_path=str(self.font_files["bold_italic"]),
            )
        return out

    def gui_dict(self) -> dict[str, Any]:
        """The pygame_gui theme at this scale (passed to UIManager as a dict)."""
        gui = copy.deepcopy(self._raw_gui)
        for block in gui.values():
            if "font" in block:
                block["font"] = self._font_block(block["font"])
            misc = block.get("misc", {})
            for key in _SCALED_MISC:
                if key in misc:
                    misc[key] = str(self.px(float(misc[key])))
        return gui

    def preload_list(self) -> list[dict[str, Any]]:
        """Fonts pygame_gui should load up front (avoids warnings and first-frame stalls).

        Every size the theme names is loaded in all four styles: rich text (<b>, <i>)
        in a text box asks for the bold or italic face at the box's own size."""
        keys = [
            (f["name"], int(f["size"]))
            for f in (block.get("font") for block in self.gui_dict().values())
            if f
        ]
        keys += [("dejavu", self.px(n)) for n in RICH_TEXT_SIZES]
        seen: set[tuple[str, int]] = set()
        out = []
        for key in keys:
            if key in seen:
                continue
            seen.add(key)
            for bold in (False, True):
                for italic in (False, True):
                    out.append(
                        {"name": key[0], "point_size": key[1], "style": _style(bold, italic)}
                    )
        return out


def _style(bold: bool, italic: bool) -> str:
    if bold and italic:
        return "bold_italic"
    return "bold" if bold else "italic" if italic else "regular"


def _patch_pygame_gui_theming_cache() -> None:
    """pygame_gui 0.6.x builds the cache key of `build_all_combined_ids` with nested
    `str.join`, whose length multiplies with the nesting depth of containers: a
    slider in a scrolling list cost ~20 ms to create. Use an equivalent tuple key."""
    from pygame_gui.core.ui_appearance_theme import UIAppearanceTheme

    original = UIAppearanceTheme.build_all_combined_ids
    if getattr(original, "_smychka_fast", False):
        return

    def fast(self, element_base_ids, element_ids, class_ids, object_ids):  # type: ignore[no-untyped-def]
        key = (
            tuple(element_base_ids) if element_base_ids is not None else None,
            tuple(element_ids) if element_ids is not None else None,
            tuple(class_ids) if class_ids is not None else None,
            tuple(object_ids) if object_ids is not None else None,
        )
        cache = self.__dict__.setdefault("_smychka_ids", {})
        found = cache.get(key)
        if found is None:
            found = cache[key] = original(
                self, element_base_ids, element_ids, class_ids, object_ids
            )
        return found

    fast._smychka_fast = True  # type: ignore[attr-defined]
    UIAppearanceTheme.build_all_combined_ids = fast  # type: ignore[method-assign]


_patch_pygame_gui_theming_cache()
