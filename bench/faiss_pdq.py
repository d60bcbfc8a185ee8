#!/usr/bin/env python3
"""Meta HMA's matcher configuration, for comparison with Aegis's PDQ index on the same hashes.

faiss IndexBinaryMultiHash(256 bits, 16 chunks of 16 bits, nflip=1): the index HMA builds for
PDQ at distance 31 (16 chunks x (1 flip + 1) = 32 > 31, so it is exact, like Aegis's index).
Reads the files `Aegis.Benchmarks index N Q D OUTDIR` writes (32 bytes a hash), measures build
time, memory, and single-threaded range-search throughput and latency, and prints the matches
found so recall can be compared.

Usage: python3 bench/faiss_pdq.py OUTDIR [DISTANCE]   (Debian: apt-get install python3-faiss)
"""
import os
import resource
import sys
import time

import faiss
import numpy as np


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    folder = sys.argv[1]
    distance = int(sys.argv[2]) if len(sys.argv) > 2 else 31
    faiss.omp_set_num_threads(1)
    hashes = np.fromfile(os.path.join(folder, "hashes.bin"), dtype=np.uint8).reshape(-1, 32)
    queries = np.fromfile(os.path.join(folder, "queries.bin"), dtype=np.uint8).reshape(-1, 32)
    print(f"{len(hashes):,} entries, {len(queries):,} queries, d = {distance}, faiss {faiss.__version__}, 1 thread")

    before = rss_mb()
    start = time.perf_counter()
    index = faiss.IndexBinaryMultiHash(256, 16, 16)
    index.nflip = 1
    index.add(hashes)
    build = time.perf_counter() - start
    grown = rss_mb() - before
    print(f"build: {build:.2f} s; resident memory growth {grown:.0f} MB = {grown * 1e6 / len(hashes):.1f} B/entry")

    # Warm-up, then one query at a time (as a gate serves uploads), radius d+1 (faiss: distance < radius).
    for q in queries[:100]:
        index.range_search(q.reshape(1, 32), distance + 1)
    latencies = []
    found = 0
    start = time.perf_counter()
    for q in queries:
        t = time.perf_counter()
        lims, _, _ = index.range_search(q.reshape(1, 32), distance + 1)
        latencies.append((time.perf_counter() - t) * 1e6)
        found += int(lims[1])
    seconds = time.perf_counter() - start
    latencies.sort()
    print(f"faiss: {len(queries) / seconds:,.0f} lookups/s on one core; "
          f"p50 {latencies[len(latencies) // 2]:.0f} us, p99 {latencies[int(len(latencies) * 0.99)]:.0f} us; "
          f"{found:,} matches")

    # Batched (all queries in one call): faiss's best case, for reference.
    start = time.perf_counter()
    lims, _, _ = index.range_search(queries, distance + 1)
    seconds = time.perf_counter() - start
    print(f"faiss batched: {len(queries) / seconds:,.0f} lookups/s on one core; {int(lims[-1]):,} matches")


if __name__ == "__main__":
    main()
