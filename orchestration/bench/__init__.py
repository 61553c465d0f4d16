"""The benchmark (`minzheng bench`, `minzheng bench-data`): see bench/README.md. No side effects on import."""
