"""Where a widget's tooltip goes (game.ui.tip_place.place_beside): inside the window,
beside its widget, near the pointer; pygame_gui's own placement pushed a tip that did not
fit right of the pointer to the window's edge, far from its button."""

from __future__ import annotations

import pygame
from hypothesis import given
from hypothesis import strategies as st

from game.ui.tip_place import place_beside


@st.composite
def _cases(draw):
    ww, wh = draw(st.integers(320, 2560)), draw(st.integers(240, 1440))
    window = pygame.Rect(0, 0, ww, wh)
    aw, ah = draw(st.integers(1, ww // 2)), draw(st.integers(1, wh // 3))
    ax, ay = draw(st.integers(0, ww - aw)), draw(st.integers(0, wh - ah))
    anchor = pygame.Rect(ax, ay, aw, ah)
    pointer = draw(st.integers(anchor.left, anchor.right - 1))
    size = (draw(st.integers(10, ww)), draw(st.integers(10, wh)))
    return window, anchor, pointer, size


@given(_cases())
def test_a_tip_lies_inside_the_window_and_beside_its_widget(case):
    window, anchor, pointer, (w, h) = case
    r = place_beside((w, h), anchor, pointer, window, gap=2)
    assert r.size == (w, h)
    assert window.contains(r), (r, window)
    fits_below = window.bottom - anchor.bottom - 2 >= h
    fits_above = anchor.top - 2 - window.top >= h
    if fits_below or fits_above:
        # clear of the widget, touching it (2 px), and starting or ending at the pointer
        # when that fits; slid no further than the window's edge otherwise
        assert not r.colliderect(anchor), (r, anchor)
        assert r.top == anchor.bottom + 2 or r.bottom == anchor.top - 2
        if pointer + w <= window.right or pointer - w >= window.left:
            assert r.left == pointer or r.right == pointer, (r, pointer)
        else:
            assert r.left == window.left or r.right == window.right


def test_a_wide_tip_at_the_right_edge_ends_at_the_pointer():
    window = pygame.Rect(0, 0, 1280, 720)
    button = pygame.Rect(1157, 13, 111, 54)
    r = place_beside((480, 76), button, 1212, window, gap=2)
    assert r.right == 1212 and r.top == button.bottom + 2  # not at x = 0, nor at 1280


def test_a_tip_with_no_room_above_or_below_goes_beside():
    window = pygame.Rect(0, 0, 1280, 720)
    tall = pygame.Rect(600, 100, 100, 520)  # 100 px above, 100 below
    r = place_beside((300, 400), tall, 650, window, gap=2)
    assert r.left == tall.right + 2 and window.contains(r)
