"""The benchmark suite: issue 11's performance targets as ratios (``python -m benchmarks``)."""
