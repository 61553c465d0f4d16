"""Work reports: the claim extractor (machinery; its Dagster wiring is orchestration/defs/reports/).

    extractor.py   report text → claims (regions.py, numbers.py, text.py, catalog.py, lexicon.yaml)
    cli.py         `minzheng extract-report FILE...` (JSON lines)
"""
