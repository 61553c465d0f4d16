{#-
  The region hierarchy of the indicator roll-up: for every (region_code, month) with indicator data
  and every ancestor of it up to 全国, the level, parent and parent's level of the region version
  (int_indicators__regions: dim_region plus the national level) valid at the month (macros/indicators/indicator_regions.sql). Its own model, not a CTE of
  fct_indicator_value: Spark inlines a CTE at every reference, and the unrolled hierarchy referenced
  by every roll-up level grows its plan beyond the driver's memory. A view on DuckDB (the month
  filter of fct_indicator_value reaches it), a table on Spark.
-#}
{{ config(materialized=('table' if target.type == 'spark' else 'view')) }}

with

regions as (

    select region_code, parent_code, region_level, valid_from, valid_to
    from {{ ref('int_indicators__regions') }}

),

region_months as (

    select distinct region_code, month from {{ ref('int_indicators__base_monthly') }}

),

{{ indicator_region_nodes('region_months', 'regions') }}

select region_code, month, region_level, parent_code, parent_level
from region_nodes
