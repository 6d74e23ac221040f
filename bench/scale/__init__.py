"""The scale benchmark of issue #23: a bulk seeder and per-endpoint timings at 1k-50k articles."""
