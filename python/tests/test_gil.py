"""The GIL is released while the library extracts, so Python threads run meanwhile.

Checked without a timing threshold that depends on the machine's load: while one
thread is inside ``extract``, the main thread keeps running Python code. Were the GIL
held, the main thread could not run a single bytecode until the call returned, so the
longest pause between its steps would be the whole call. (How much faster N threads
are than one is a speed figure, measured by ``python/bench/bench.py --threads``.)"""

from __future__ import annotations

import threading
import time

import piao_extract

PDF = "fixtures/000-calc-ruled.pdf"


def _longest_pause_during(call) -> tuple:
    """Run ``call`` in a thread; return (its duration, the main thread's longest pause
    between two steps from before the call started until it returned)."""
    go, done = threading.Event(), threading.Event()
    span = {}

    def worker():
        go.wait()
        t0 = time.perf_counter()
        call()
        span["call"] = time.perf_counter() - t0
        done.set()

    t = threading.Thread(target=worker)
    t.start()
    last, longest = time.perf_counter(), 0.0
    go.set()  # the clock runs before the call can start
    while not done.is_set():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    t.join()
    return span["call"], longest


def test_the_check_sees_a_held_gil():
    # the same measure on a call that holds the GIL throughout (a C sort of floats):
    # the main thread stops for the whole call
    big = [float(i % 7919) for i in range(2_000_000)]
    call, pause = _longest_pause_during(lambda: sorted(big))
    assert pause > call / 2, (call, pause)


def test_main_thread_runs_while_another_extracts():
    piao_extract.extract(PDF)  # warm: the first call compiles the schema
    # with the GIL held the pause would be the call itself (minus the conversion of
    # the records to dicts, which needs the GIL and takes a few ms of the ~0.3 s).
    # On a loaded 2-core machine the main thread can also be descheduled for a
    # while (once in ~570 runs of the suite at a load of ~5): up to three tries, as a
    # held GIL stops it on every one
    tries = []
    for _ in range(3):
        call, pause = _longest_pause_during(lambda: piao_extract.extract(PDF, threads=1))
        tries.append((call, pause))
        if pause < call / 2:
            break
    assert pause < call / 2, tries
