"""`make bench`: measurements outside the product package (run with `python -m benchmarks`)."""
