import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# The player's data folder (their own mods; saves of an installed game) is never the
# developer's real one during tests.
if "SMYCHKA_DATA_DIR" not in os.environ:
    _data = tempfile.mkdtemp(prefix="smychka-test-data-")
    os.environ["SMYCHKA_DATA_DIR"] = _data
    atexit.register(shutil.rmtree, _data, ignore_errors=True)
