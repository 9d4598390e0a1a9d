"""Latency of /api/v1/analyze over HTTP beside the bare encoder on the same sentences, in one run.

Targets on the 2-core machine: 20-turn transcript p50 <= 25 ms, end-to-end / encoder <= 3,
startup to ready <= 10 s, resident memory after warm-up <= 1 GB.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from bench.common import SHORT_QUOTE, TRANSCRIPT_20, percentile, rss_mb, running_server  # noqa: E402


def time_http(client: httpx.Client, url: str, body: dict, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.post(url, json=body)
        out.append((time.perf_counter() - t) * 1000)
        r.raise_for_status()
    return out


def time_encoder(pipeline, text: str, n: int) -> tuple[list[float], int]:
    from nlp.transcript import parse

    sentences = [s.text for s in pipeline.sentences_of(parse(text))]
    out = []
    for _ in range(n):
        t = time.perf_counter()
        pipeline.encoder.encode(sentences)
        out.append((time.perf_counter() - t) * 1000)
    return out, len(sentences)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=200, help="requests per case")
    args = ap.parse_args()
    from nlp.pipeline import Pipeline

    pipeline = Pipeline.load("use")  # in-process, for the bare encoder timings
    cases = {"short quote": SHORT_QUOTE, "20-turn transcript": TRANSCRIPT_20}
    rows = []
    with running_server() as (base, pid, ready_s):
        with httpx.Client(base_url=base, timeout=30) as client:
            for text in cases.values():  # warm-up
                time_http(client, "/api/v1/analyze", {"text": text}, 20)
            for name, text in cases.items():
                # Interleave so both sides see the same machine load.
                http, enc = [], []
                for _ in range(args.n // 10):
                    http += time_http(client, "/api/v1/analyze", {"text": text}, 10)
                    e, n_sent = time_encoder(pipeline, text, 10)
                    enc += e
                rows.append((name, n_sent, http, enc))
            rss = rss_mb(pid)
    print(f"\nstartup to ready: {ready_s:.2f} s (target <= 10 s)")
    print(f"server resident memory after warm-up: {rss:.0f} MB (target <= 1024 MB)\n")
    print(f"{'case':<20} {'sent.':>5} {'http p50':>9} {'http p95':>9} {'enc p50':>8} {'enc p95':>8} {'ratio p50':>9}")
    for name, n_sent, http, enc in rows:
        p50, p95, e50, e95 = (percentile(http, 0.5), percentile(http, 0.95), percentile(enc, 0.5), percentile(enc, 0.95))
        print(f"{name:<20} {n_sent:>5} {p50:>8.1f}ms {p95:>8.1f}ms {e50:>7.1f}ms {e95:>7.1f}ms {p50 / e50:>9.2f}")
    print("\nratio = end-to-end HTTP p50 / bare encoder p50 on the same sentences (target <= 3; 20-turn p50 target <= 25 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
