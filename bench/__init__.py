"""Benchmarks of the office at 10,000 / 100,000 / 1,000,000 customers (issue 9).

`python -m bench` builds (and caches under bench/cache/) demo databases with the demo
generator, measures each figure as the median of several runs beside a bare-library
baseline where one exists, prints a table and writes bench/results.json.
"""
