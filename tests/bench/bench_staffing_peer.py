"""Peer of bench_staffing: the textbook Erlang C in pure Python.

usage: python3 bench_staffing_peer.py FILE

FILE holds one "arrivals aht" line per half-hour interval. For each, the
offered load is A = arrivals * aht / 1800; the Erlang B recurrence
B(k) = A B(k-1) / (k + A B(k-1)) runs from B(0) = 1 up to the first stable
count n = floor(A) + 1, and n is then incremented (one more step of the same
recurrence each time) until the service level
SL = 1 - C exp(-(n - A) T / AHT), C = n B / (n - A (1 - B)), reaches 80 %
within T = 20 s. Prints one line, which bench_staffing parses:
python_erlang_c: <n> intervals, <sum> agents (weighted <sum of (i+1)*agents>), <s> s
"""
import math
import sys
import time

INTERVAL = 1800.0
SERVICE_LEVEL = 0.8
ANSWER_SECONDS = 20.0


def agents_required(arrivals, aht):
    a = arrivals * aht / INTERVAL
    if a <= 0:
        return 0
    n = int(math.floor(a)) + 1
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    while True:
        c = n * b / (n - a * (1 - b))
        sl = 1 - c * math.exp(-(n - a) * ANSWER_SECONDS / aht)
        if sl >= SERVICE_LEVEL:
            return n
        n += 1
        b = a * b / (n + a * b)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        rows = [tuple(map(float, line.split())) for line in f if line.strip()]
    start = time.perf_counter()
    agents = [agents_required(arrivals, aht) for arrivals, aht in rows]
    seconds = time.perf_counter() - start
    weighted = sum((i + 1) * n for i, n in enumerate(agents))
    print(f"python_erlang_c: {len(rows)} intervals, {sum(agents)} agents "
          f"(weighted {weighted}), {seconds:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
