{#-
  The region hierarchy the indicators roll up through: every dim_region version, with the
  national level 全国 (var national_region_code, the code of the official forms) above the
  provinces. dim_region itself stops at the provinces; the national row lives here, in the
  indicator layer only. A view on DuckDB, a table on Spark.
-#}
{{ config(materialized=('table' if target.type == 'spark' else 'view')) }}
{%- set string = dbt.type_string() -%}
{%- set national = "cast('" ~ var('national_region_code') ~ "' as " ~ string ~ ")" -%}

with

regions as (

    select region_code, name_zh, level, parent_code, valid_from, valid_to
    from {{ ref('dim_region') }}

)

select
    cast(region_code as {{ string }}) as region_code,
    cast(name_zh as {{ string }}) as name_zh,
    cast(level as {{ string }}) as region_level,
    cast(case when level = 'province' then {{ national }} else parent_code end as {{ string }}) as parent_code,
    cast(valid_from as date) as valid_from,
    cast(valid_to as date) as valid_to
from regions

union all

select
    {{ national }} as region_code,
    cast('全国' as {{ string }}) as name_zh,
    cast('national' as {{ string }}) as region_level,
    cast(null as {{ string }}) as parent_code,
    cast('{{ var("region_open_start") }}' as date) as valid_from,
    cast(null as date) as valid_to
