"""Kill a process with SIGKILL while it saves, again and again: the save always loads."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from game.persistence import load_campaign
from game.persistence.atomic import backup_path

ROOT = Path(__file__).resolve().parents[2]

# The child saves two different campaigns in turn to one path, as fast as it can,
# printing a line after each completed save.
CHILD = textwrap.dedent(
    """
    import sys
    from game.campaign import Campaign
    from game.engine.bots import make_bot
    from game.persistence import save_campaign

    path = sys.argv[1]
    camps = []
    for turns in (3, 8):
        c = Campaign.new("great-turn-1928", seed=1)
        c.play_bot(make_bot("historical"), max_turns=turns)
        camps.append(c)
    n = 0
    while True:
        save_campaign(camps[n % 2], path)
        n += 1
        print(n, flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_during_saves_never_loses_the_save(tmp_path: Path) -> None:
    path = tmp_path / "kill.json.gz"
    rng = random.Random(1917)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()  # the first save is complete
            assert first.strip() == b"1", "the child did not start saving"
            time.sleep(rng.uniform(0.0, 0.25))  # ... then kill it at a random moment
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == -signal.SIGKILL
        # The path always holds a complete save: the old or the new one.
        res = load_campaign(path)
        assert res.warnings == []
        assert res.campaign.state.turn in (3, 8)
        if backup_path(path).exists():
            assert load_campaign(backup_path(path)).campaign.state.turn in (3, 8)
