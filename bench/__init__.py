"""Benchmark harness (`make bench`): seed, serve with gunicorn, load with wrk, report."""
