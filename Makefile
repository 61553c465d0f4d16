# The two commands for a fresh machine (Python 3.11 with pip): `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test test-spark samples dagster docs clean bench bi bi-install

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 required, found {sys.version.split()[0]}"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## make run: build the warehouse from the landing folder (the sample extracts are written there first if it is empty)
run: $(STAMP)
	GX_ANALYTICS_ENABLED=false $(BIN)/minzheng run --samples-if-empty

## make test: the test suite (real DuckDB files, real dbt runs, real Dagster materializations)
test: $(STAMP)
	GX_ANALYTICS_ENABLED=false $(BIN)/pytest

## make bench: pipeline vs plain DuckDB vs pandas at 1, 3 and 10 M roster rows, and incremental months
## (bench/README.md); writes bench/results.md, the JSON object is the last line. Needs ~5 GB of /tmp.
BENCH_SCALE ?= 0.022,0.065,0.22
bench: $(STAMP)
	GX_ANALYTICS_ENABLED=false $(BIN)/minzheng bench --scale $(BENCH_SCALE) --json

## make test-spark: the DuckDB-vs-Spark equality build alone (Java 17; about 4 minutes on 2 cores; also in make test)
test-spark: $(STAMP)
	GX_ANALYTICS_ENABLED=false $(BIN)/pytest -m spark

samples: $(STAMP)
	$(BIN)/minzheng samples

## make dagster: the Dagster UI on http://127.0.0.1:3000 (runs are kept in .dagster_home/); `dg dev`
## reads the code location from pyproject.toml [tool.dg]; the venv need not be activated.
DAGSTER_PORT ?= 3000
DAGSTER_HOME_DIR ?= $(CURDIR)/.dagster_home
dagster: $(STAMP)
	mkdir -p $(DAGSTER_HOME_DIR)
	cp dagster_instance/dagster.yaml $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) GX_ANALYTICS_ENABLED=false $(BIN)/dg dev --host 127.0.0.1 --port $(DAGSTER_PORT)

## make bi: Apache Superset 6.1 on http://127.0.0.1:8088 with the dashboards of bi/dashboards.yml over the
## serving copy (build it first with `make run`). Superset lives in its own venv, .venv-bi (it pins pandas < 2.2,
## SQLAlchemy < 2, pyarrow < 19), installed on first use by `make bi-install`; its state is in warehouse/bi/.
BI_VENV  := .venv-bi
BI_STAMP := $(BI_VENV)/.installed
BI_PORT  ?= 8088
$(BI_STAMP): bi/superset/requirements.txt
	$(PYTHON) -m venv $(BI_VENV)
	$(BI_VENV)/bin/pip install --quiet --upgrade "pip>=24"
	$(BI_VENV)/bin/pip install --quiet -r bi/superset/requirements.txt
	@touch $(BI_STAMP)

bi-install: $(BI_STAMP)

bi: $(STAMP) $(BI_STAMP)
	GX_ANALYTICS_ENABLED=false $(BIN)/minzheng bi --port $(BI_PORT)

docs: $(STAMP)
	cd dbt_project && ../$(BIN)/dbt docs generate --static --profiles-dir .

clean:
	rm -rf warehouse dbt_project/target dbt_project/logs .pytest_cache
