{#-
  Standards above the level that sets them, per region (city, province, 全国) and month: the
  minimum, the maximum and the recipient-weighted mean of the standards in force in the region's
  counties (int_indicators__standards_in_force), as the summary indicators of
  indicator_standard_statistics. Never a sum. Kept for the months in which the region has fact
  data, like the published standards. A view on DuckDB, a table on Spark.
-#}
{{ config(materialized=('table' if target.type == 'spark' else 'view')) }}

with

in_force as (

    select unit_code, month, indicator_code, statistic, value, weight
    from {{ ref('int_indicators__standards_in_force') }}

),

units as (

    select unit_code, month, region_code, region_level
    from {{ ref('int_indicators__units') }}
    where region_level in ('city', 'province', 'national')

),

region_months as (

    select region_code, month
    from {{ ref('int_indicators__region_nodes') }}

),

summarised as (

    select
        u.region_code,
        u.region_level,
        i.month,
        i.indicator_code,
        i.statistic,
        min(i.value) as min_value,
        max(i.value) as max_value,
        sum(cast(i.value as double) * cast(i.weight as double)) / sum(cast(i.weight as double)) as mean_value
    from in_force as i
    inner join units as u
        on u.unit_code = i.unit_code
       and u.month = i.month
    group by u.region_code, u.region_level, i.month, i.indicator_code, i.statistic

)

select
    cast(s.region_code as {{ dbt.type_string() }}) as region_code,
    cast(s.region_level as {{ dbt.type_string() }}) as region_level,
    cast(s.month as date) as month,
    cast(s.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(case s.statistic
        when 'min' then s.min_value
        when 'max' then s.max_value
        else s.mean_value
    end as {{ indicator_value_type() }}) as value
from summarised as s
inner join region_months as r
    on r.region_code = s.region_code
   and r.month = s.month
