"""The game's screens, one module each (see game/ui/scene.py for how to add one)."""
