"""Work done ahead in a forked process: same results as computing them here,
and a failing child changes nothing but the time it takes."""
from __future__ import annotations

import functools
import os

from macros.avance import Ahead


def square(n):
    return n * n


def test_results_come_from_the_child_in_any_order_asked(tmp_path):
    marker = tmp_path / "apres.txt"
    ahead = Ahead([(n, lambda n=n: (os.getpid(), square(n))) for n in range(200)],
                  after=lambda: marker.write_text(str(os.getpid())))
    got = [ahead.get(n) for n in (5, 0, 199, 42)]
    assert [v for _, v in got] == [25, 0, 39601, 1764]
    assert {pid for pid, _ in got} != {os.getpid()}  # computed in the child
    ahead.finish()
    assert marker.read_text() != str(os.getpid())  # ``after`` ran in the child


def test_a_failing_child_leaves_the_parent_to_compute(tmp_path):
    calls = []

    def boom():
        if os.getpid() != parent:
            raise RuntimeError("échec dans le processus enfant")
        calls.append("ici")
        return "calculé ici"

    parent = os.getpid()
    marker = tmp_path / "apres.txt"
    ahead = Ahead([("a", lambda: 1), ("b", boom), ("c", lambda: 3)], after=lambda: marker.write_text(str(os.getpid())))
    assert ahead.get("a") == 1
    assert ahead.get("b") == "calculé ici" and calls == ["ici"]
    assert ahead.get("c") == 3
    ahead.finish()
    assert "échec dans le processus enfant" in ahead.error
    assert marker.read_text() == str(parent)  # ``after`` done again here


def test_an_error_of_after_reaches_the_parent():
    def fails():
        raise OSError("disque plein")

    ahead = Ahead([("a", lambda: 1)], after=fails)
    assert ahead.get("a") == 1
    try:
        ahead.finish()
    except OSError as e:
        assert "disque plein" in str(e)
    else:
        raise AssertionError("l'erreur de « after » a été perdue")


def test_without_a_second_process_everything_is_computed_here(tmp_path):
    ahead = Ahead([("x", lambda: os.getpid())], after=None, parallel=False)
    assert ahead.get("x") == os.getpid()
    ahead.finish()


def test_a_child_that_hangs_is_stopped_once_and_the_parent_goes_on(monkeypatch, tmp_path):
    import time

    import macros.avance as avance

    monkeypatch.setattr(avance, "SILENCE", 0.5)
    parent = os.getpid()

    def slow(n):
        if os.getpid() != parent:
            time.sleep(60)  # never answers in time
        return n

    marker = tmp_path / "apres.txt"
    ahead = Ahead([(n, lambda n=n: slow(n)) for n in range(50)], after=lambda: marker.write_text(str(os.getpid())))
    start = time.perf_counter()
    assert [ahead.get(n) for n in range(50)] == list(range(50))
    ahead.finish()
    assert time.perf_counter() - start < 10  # one wait, not one per result
    assert "ne répond plus" in ahead.error
    assert marker.read_text() == str(parent)


def test_the_child_takes_the_parents_work_from_the_other_end(tmp_path):
    """Once its jobs and ``after`` are done, the child runs the tail functions from the
    last key back, each with its job's result; the parent takes those that came and
    computes the others; ``after`` still runs once, in the child."""
    import time

    parent = os.getpid()
    marker = tmp_path / "apres.txt"
    keys = list(range(60))

    def tail(part, k):
        time.sleep(0.02)  # half the parent's pace: they meet about two thirds of the way
        return os.getpid(), k, part

    ahead = Ahead([(k, lambda k=k: k * 2) for k in keys], after=lambda: marker.write_text(str(os.getpid())),
                  tail=[(k, functools.partial(tail, k=k)) for k in keys], order=keys)
    taken = {}
    for k in keys:
        ahead.reach(k)
        assert ahead.get(k) == k * 2
        found = ahead.take(k)
        if found is not None:
            taken[k] = found
        time.sleep(0.01)  # the parent is slow: the child meets it somewhere in the middle
    ahead.finish()
    assert 59 in taken and len(taken) >= 5
    assert min(taken) > 10  # the child stopped where the parent was
    assert all(pid != parent and key == k and part == k * 2 for k, (pid, key, part) in taken.items())
    assert ahead.error is None
    assert marker.read_text() != str(parent)


def test_the_child_starts_nothing_the_parent_has_reached():
    import time

    keys = list(range(20))
    ahead = Ahead([(k, lambda k=k: time.sleep(0.3) or k if k == 0 else k) for k in keys], after=None,
                  tail=[(k, lambda part: part) for k in keys], order=keys)
    ahead.reach(19)  # before the child is through its jobs: the tail is left alone
    assert [ahead.get(k) for k in keys] == keys
    ahead.finish()
    assert [ahead.take(k) for k in keys] == [None] * 20


def test_a_failing_tail_function_or_result_leaves_its_key_to_the_parent(tmp_path):
    import time

    def tail(k):
        def fn(part):
            if k == 18:
                raise ValueError("page illisible")
            if k == 17:
                return lambda: part  # cannot go through the pipe
            return part
        return fn

    marker = tmp_path / "apres.txt"
    keys = list(range(20))
    ahead = Ahead([(k, lambda k=k: k) for k in keys], after=lambda: marker.write_text("fait"),
                  tail=[(k, tail(k)) for k in keys], order=keys)
    assert ahead.get(0) == 0
    deadline = time.monotonic() + 10
    while ahead._tail_results.get(16) is None and time.monotonic() < deadline:
        time.sleep(0.01)  # the child works back from 19 while the parent waits at 0
    assert ahead.take(19) == 19 and ahead.take(18) is None and ahead.take(17) is None and ahead.take(16) == 16
    for k in keys:
        ahead.reach(k)
    ahead.finish()
    assert ahead.error is None and marker.read_text() == "fait"  # not an error: ``after`` is not run again
