{#-
  The raw tables on each engine. On DuckDB a source is the table raw.<table> that ingestion wrote.
  On Spark the same table is read from its Parquet copy in the lake: ingestion stays the single
  writer of raw.* in DuckDB (with its ledger and quarantine), and the Dagster dbt step exports every
  raw table of its selection to <lake>/raw/<table>.parquet before dbt runs
  (orchestration/ingest/lake.py). The lake is MINZHENG_LAKE (an absolute path set by orchestration;
  on a cluster a location every executor can read).

  This masks dbt's source() (builtins.source still records the dependency, so the graph and the
  Dagster asset keys are the same on both engines). Reading the file by path, instead of
  registering tables in the metastore, means a Spark run always sees the latest export and its
  schema, with no catalog state to keep in step.
-#}
{% macro source(source_name, table_name) -%}
    {%- set relation = builtins.source(source_name, table_name) -%}
    {%- if target.type == 'spark' and source_name == 'raw' -%}
        {{ return(lake_table(table_name)) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{#- The lake file of a raw table as a Spark relation: parquet.`<lake>/raw/<table>.parquet`. -#}
{% macro lake_table(table_name) -%}
    {#- orchestration passes the run's lake as the var minzheng_lake (settings.Settings.dbt_vars); a dbt run by hand reads MINZHENG_LAKE -#}
    {%- set lake = var('minzheng_lake', env_var('MINZHENG_LAKE', '../warehouse/lake')) | trim -%}
    {{ return("parquet.`" ~ lake.rstrip('/') ~ "/raw/" ~ table_name ~ ".parquet`") }}
{%- endmacro %}
