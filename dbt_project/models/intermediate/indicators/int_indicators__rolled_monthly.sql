{#-
  Stock and flow indicators summed up the region hierarchy, per region and month: a region's value
  is the sum over itself and all its descendants (macros/indicators/indicator_regions.sql). Its own
  model for the reason given in int_indicators__region_nodes. A view on DuckDB, a table on Spark.
-#}
{{ config(materialized=('table' if target.type == 'spark' else 'view')) }}

with

base as (

    select region_code, month, indicator_code, value
    from {{ ref('int_indicators__base_monthly') }}

),

region_nodes as (

    select region_code, month, region_level, parent_code, parent_level
    from {{ ref('int_indicators__region_nodes') }}

),

{{ indicator_roll_up_regions('base', 'region_nodes') }}

select region_code, month, indicator_code, value, region_level
from rolled
