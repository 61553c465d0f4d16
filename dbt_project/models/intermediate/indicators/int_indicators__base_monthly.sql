{#-
  Stock and flow indicators per region and month, at the level the data arrives (township or
  county), generated from the indicator catalog. A view on DuckDB: fct_indicator_value filters it on
  the month, and the filter reaches the fact scans, so an incremental run reads only its years.
-#}
{#- On Spark a table: the union's text is longer than a Hive metastore (Derby) stores for a view. -#}
{{ config(materialized=('table' if target.type == 'spark' else 'view')) }}

-- The catalog decides at run time which of these it reads; dbt needs them at parse time.
-- depends_on: {{ ref('indicator_catalog') }}
-- depends_on: {{ ref('fct_assistance') }}
-- depends_on: {{ ref('fct_eldercare') }}
-- depends_on: {{ ref('fct_funeral') }}
-- depends_on: {{ ref('fct_organization') }}

{{ indicator_base_union(['stock', 'flow']) }}
