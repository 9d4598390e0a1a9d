"""Shared by the benchmarks: a real server on a free localhost port, and percentile helpers."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from nlp.blas import stop_idle_spinning

ROOT = Path(__file__).resolve().parent.parent
# The bare encoder timed in this process runs with the server's OpenBLAS setting (see `talktrack serve`):
# otherwise its idle workers spin after each call and take a core from the server being measured.
stop_idle_spinning()

SHORT_QUOTE = "Just tell me the price and when it can go live. I don't need the whole tour."
TRANSCRIPT_20 = "\n".join([
    "Rep: Hi Dana, thanks for making time today! How's the quarter going?",
    "Customer: Busy. I have twenty minutes, so let's keep this focused.",
    "Rep: Totally understand! I'd love to hear what prompted you to reach out.",
    "Customer: Our warehouse picks are slow. Error rate is 3.2% and we ship 4,000 orders a day.",
    "Rep: Wow, that's a lot of volume, congrats on the growth!",
    "Customer: I need to know how your system reduces mis-picks, with numbers.",
    "Rep: Great question! Our scanners verify each pick against the order.",
    "Customer: What's the measured error rate after rollout at comparable sites?",
    "Rep: Most customers see it drop below 0.5% within two months.",
    "Customer: Send me the case studies and the methodology behind that figure.",
    "Rep: Absolutely, I'll send them today!",
    "Customer: How does it integrate with our WMS? We run Manhattan.",
    "Rep: We have a certified connector, setup takes about a week.",
    "Customer: And the pricing per site?",
    "Rep: It's $2,400 per site per month, with volume discounts.",
    "Customer: That's above what we budgeted. I'd need to see the ROI broken down.",
    "Rep: Happy to build that with you! What does a mis-pick cost you today?",
    "Customer: Roughly $18 each, counting returns and re-shipping.",
    "Rep: Then at your volume the savings add up fast!",
    "Customer: Put it in a spreadsheet and I'll review it with finance next week.",
])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    v = sorted(values)
    k = (len(v) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def running_server(env: dict | None = None, ready_timeout: float = 60.0):
    """Start `talktrack serve` on a free port; yield (base_url, pid, seconds to ready)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        environ = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.db", **(env or {})}
        cmd = [sys.executable, "-m", "server.cli", "serve", "--port", str(port)]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            ready = None
            while time.perf_counter() - started < ready_timeout:
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:]}")
                try:
                    if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                        ready = time.perf_counter() - started
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.05)
            if ready is None:
                raise RuntimeError("server not ready in time")
            yield base, proc.pid, ready
        finally:
            proc.terminate()
            proc.wait(timeout=10)
