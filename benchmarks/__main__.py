"""``python -m benchmarks``: run the benchmark suite (``benchmarks/run.py``)."""

from benchmarks.run import main

raise SystemExit(main())
