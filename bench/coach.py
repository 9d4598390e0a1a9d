"""Latency of /api/v1/coach beside /api/v1/analyze on the same texts, in one run (target: coaching adds
<= 15 ms at p50), plus a rep's request that needs no analysis."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from bench.analyze import time_http  # noqa: E402
from bench.common import SHORT_QUOTE, TRANSCRIPT_20, percentile, running_server  # noqa: E402

REQUEST = "How do I answer a price objection from an analytical buyer?"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=200)
    args = ap.parse_args()
    rows = []
    with running_server() as (base, _pid, _ready):
        with httpx.Client(base_url=base, timeout=30) as client:
            for text in (SHORT_QUOTE, TRANSCRIPT_20, REQUEST):
                time_http(client, "/api/v1/coach", {"text": text}, 10)
            for name, text in (("short quote", SHORT_QUOTE), ("20-turn transcript", TRANSCRIPT_20)):
                coach, analyze = [], []
                for _ in range(args.n // 10):  # interleaved, so both see the same machine load
                    coach += time_http(client, "/api/v1/coach", {"text": text}, 10)
                    analyze += time_http(client, "/api/v1/analyze", {"text": text}, 10)
                rows.append((name, coach, analyze))
            request = time_http(client, "/api/v1/coach", {"text": REQUEST}, args.n)
    print(f"\n{'case':<20} {'coach p50':>10} {'coach p95':>10} {'analyze p50':>12} {'analyze p95':>12} {'added p50':>10}")
    for name, coach, analyze in rows:
        c50, a50 = percentile(coach, 0.5), percentile(analyze, 0.5)
        print(f"{name:<20} {c50:>8.1f}ms {percentile(coach, 0.95):>8.1f}ms {a50:>10.1f}ms "
              f"{percentile(analyze, 0.95):>10.1f}ms {c50 - a50:>8.1f}ms")
    print(f"{'rep request':<20} {percentile(request, 0.5):>8.1f}ms {percentile(request, 0.95):>8.1f}ms")
    print("\nadded = coach p50 - analyze p50 on the same text (target <= 15 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
