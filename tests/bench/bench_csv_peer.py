"""Peer of bench_csv: Python's csv module reading every row of FILE.

usage: python3 bench_csv_peer.py FILE [RUNS]

Reads the whole file RUNS times (default 1) with `for row in csv.reader(f)`,
counting rows, and prints one line for the fastest run, which bench_csv
parses (MB = 10^6 bytes):
python_csv: <MB> MB, <rows> records, <seconds> s, <MB/s> MB/s
"""
import csv
import os
import sys
import time


def read_all(path: str) -> int:
    rows = 0
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            rows += 1
    return rows


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) == 3 else 1
    size_mb = os.path.getsize(path) / 1e6
    best = float("inf")
    rows = 0
    for _ in range(max(runs, 1)):
        start = time.perf_counter()
        rows = read_all(path)
        best = min(best, time.perf_counter() - start)
    print(f"python_csv: {size_mb:.1f} MB, {rows} records, {best:.3f} s, "
          f"{size_mb / best:.0f} MB/s (best of {max(runs, 1)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
