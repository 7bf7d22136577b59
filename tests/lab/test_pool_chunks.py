"""How the local pool hands out jobs: contiguous chunks in job order, shrinking to single
jobs at the end, and workers that start with the content loaded."""

from hypothesis import given
from hypothesis import strategies as st

from game.lab import runner
from game.lab.runner import Player, PoolExecutor, _guided_chunks, expand


@given(n_jobs=st.integers(0, 500), workers=st.integers(1, 16), most=st.integers(1, 16))
def test_guided_chunks_keep_every_job_in_order_and_end_small(n_jobs, workers, most):
    jobs = list(range(n_jobs))
    chunks = _guided_chunks(jobs, workers, most)
    assert [j for c in chunks for j in c] == jobs  # every job once, in order (rows come in order)
    assert all(1 <= len(c) <= most for c in chunks)
    sizes = [len(c) for c in chunks]
    assert sizes == sorted(sizes, reverse=True)  # big chunks first, the small ones last
    # The last chunks are single jobs: no worker waits on another's long chunk.
    tail = min(n_jobs, workers * 4)
    assert all(len(c) == 1 for c in chunks[len(chunks) - tail :])


def test_guided_chunks_send_few_messages_for_a_big_run():
    # 400 campaigns on 2 workers: chunks of 8 while many remain (the bench's run).
    chunks = _guided_chunks(list(range(400)), 2)
    assert len(chunks[0]) == 8
    assert len(chunks) < 100


def _content_loaded(_job: object) -> list[bool]:
    return [() in runner._content]


def test_pool_workers_load_the_content_as_they_start():
    with PoolExecutor(2) as ex:
        # Ask each worker before it has played anything: the content is already there.
        loaded = ex.pool.map(_content_loaded, range(2), chunksize=1)
        rows = ex.map(expand(["great-turn-1928"], [Player.bot("historical")], [1]))
    assert loaded == [[True], [True]]
    assert rows[0]["seed"] == 1
