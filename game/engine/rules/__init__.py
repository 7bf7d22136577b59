"""The rules of one season, one module per concern, applied in order by game.engine.turn."""
