"""Work done ahead in a forked process: same results as computing them here,
and a failing child changes nothing but the time it takes."""
from __future__ import annotations

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
