"""How the numerical libraries' worker threads behave; must run before numpy is first imported."""
from __future__ import annotations

import os

# 2^16 cycles (~25 µs) of spinning before an idle OpenBLAS worker sleeps, instead of OpenBLAS's 2^28 (~0.1 s).
IDLE_SPIN = "16"


def stop_idle_spinning() -> None:
    """OpenBLAS's idle workers spin for ~0.1 s after every matrix product by default; on a 2-core machine
    that steals a core from the next request and from everything else running (p95 of a 20-turn analysis
    56-95 ms spinning, ~31 ms not). OpenBLAS reads the setting once, when numpy loads, so call this first;
    an operator's own OPENBLAS_THREAD_TIMEOUT wins."""
    os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", IDLE_SPIN)
