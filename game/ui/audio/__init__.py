"""Sound and music (the only audio code; only the UI imports pygame).

- `cues`: which mood and which sounds a scene or a turn asks for (pure, no pygame).
- `system`: `Audio`, the lazily started mixer, the music by mood and the effects.

The music is rendered from sources in assets/music/src (tools/render_music.py) and
the effects are synthesised by tools/make_sounds.py; both are committed.
"""

from game.ui.audio.cues import MOODS, SOUNDS, Mood, scene_mood, situation_of, turn_cues
from game.ui.audio.system import Audio

__all__ = ["MOODS", "SOUNDS", "Audio", "Mood", "scene_mood", "situation_of", "turn_cues"]
