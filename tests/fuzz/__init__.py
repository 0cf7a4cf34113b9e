"""The fuzz suite: every public callable of ``scoring`` called with arbitrary and hostile arguments,
each call in a worker subprocess with a memory cap, a timeout and a sandbox folder.

``harness`` runs calls and judges their outcomes (and is the worker's program); ``strategies``
picks the calls with hypothesis; ``test_fuzz`` is the pytest entry (``-m fuzz``; set
``SCORING_FUZZ=nightly`` for the long run). ``benchmarks/fuzz_report.py`` prints a report.
"""
