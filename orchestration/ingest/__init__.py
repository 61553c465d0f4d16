"""Shared ingestion machinery: decode, contract, typing, pseudonymisation, ledger and load."""
