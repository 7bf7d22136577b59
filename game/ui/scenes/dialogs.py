"""Modal dialogs drawn over the scene below: a message and a yes/no question."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.ui.scene import Scene
from game.ui.widgets import esc, label, panel, textbox

if TYPE_CHECKING:
    from game.ui.app import App


def dialog_frame(
    scene: Scene, width: int, height: int, title: str, text: str
) -> tuple[Any, pygame.Rect, int]:
    """A centred panel of at most `width` x `height` (unscaled pixels) with the title and a
    scrolling text; returns the panel, its rect and the padding, for the caller's buttons."""
    w, h = scene.size
    bw = min(w - scene.px(40), scene.px(width))
    bh = min(h - scene.px(40), scene.px(height))
    box = pygame.Rect((w - bw) // 2, (h - bh) // 2, bw, bh)
    p = panel(scene, box)
    pad = scene.px(18)
    label(
        scene,
        pygame.Rect(pad, pad, box.w - 2 * pad, scene.px(30)),
        title,
        "@heading",
        container=p,
    )
    textbox(
        scene,
        pygame.Rect(pad, pad + scene.px(38), box.w - 2 * pad, box.h - scene.px(120)),
        esc(text),
        "@plain_text",
        container=p,
    )
    return p, box, pad


class MessageScene(Scene):
    """A title, a text and OK. Used for errors (a broken save, a bad mod) and notices."""

    name = "message"
    overlay = True

    def __init__(
        self,
        app: App,
        title: str = "",
        text: str = "",
        on_close: Callable[[], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(app, **kwargs)
        self.title = title
        self.text = text
        self.on_close = on_close

    def build(self) -> None:
        p, box, pad = dialog_frame(self, 560, 300, self.title, self.text)
        bw, bh = self.px(140), self.px(40)
        ok = self.button(
            pygame.Rect(box.w - pad - bw, box.h - pad - bh, bw, bh),
            "OK",
            self.close,
            object_id="@primary",
            container=p,
        )
        self.hotkey(pygame.K_ESCAPE, self.close)
        self.focus_index = 0 if ok else -1

    def close(self) -> None:
        self.app.pop()
        if self.on_close is not None:
            self.on_close()


class ConfirmScene(Scene):
    """A question with two answers; `on_yes` runs after the dialog closes. Enter answers
    with the focused button: "yes", unless `safe` puts the focus on "no" (a question
    whose yes cannot be taken back, asked right after an Enter: a double Enter must
    not answer it)."""

    name = "confirm"
    overlay = True

    def __init__(
        self,
        app: App,
        title: str = "",
        text: str = "",
        yes: str = "Yes",
        no: str = "Cancel",
        on_yes: Callable[[], Any] | None = None,
        safe: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(app, **kwargs)
        self.title, self.text, self.yes, self.no, self.on_yes = title, text, yes, no, on_yes
        self.safe = safe

    def build(self) -> None:
        p, box, pad = dialog_frame(self, 520, 240, self.title, self.text)
        bw, bh = self.px(150), self.px(40)
        self.button(
            pygame.Rect(box.w - pad - bw, box.h - pad - bh, bw, bh),
            self.yes,
            self._yes,
            object_id="@primary",
            container=p,
        )
        self.button(
            pygame.Rect(box.w - 2 * pad - 2 * bw, box.h - pad - bh, bw, bh),
            self.no,
            self.app.pop,
            container=p,
            key=pygame.K_ESCAPE,
        )
        self.focus_index = 1 if self.safe else 0

    def _yes(self) -> None:
        self.app.pop()
        if self.on_yes is not None:
            self.on_yes()
