"""District-scale benchmarks: `python -m bench.generate` builds the data, `python -m bench.run` measures it."""
