import os
import tempfile

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# The player's data folder (their own mods; saves of an installed game) is never the
# developer's real one during tests.
os.environ.setdefault("SMYCHKA_DATA_DIR", tempfile.mkdtemp(prefix="smychka-test-data-"))
# The many windows the tests open keep the mixer closed (no music decoded in each);
# tests/ui/test_audio*.py turn it on where they need it.
os.environ.setdefault("SMYCHKA_AUDIO", "off")
