{#-
  市本级: the city bureaus that report indicators themselves (seed city_level_units), as reporting
  units of their own. One row per unit (the city's code), month, indicator it is expected to deliver
  and region it counts for at that month: the city, its province and 全国. Months: those of
  int_indicators__units (every month of every year with indicator data) within the declaration's
  validity, where the city is in the roll-up's hierarchy (int_indicators__units: a county valid
  under it at the month). A rate is expected where both its numerator and its
  denominator are. Kept apart from int_indicators__units because a 市本级 unit is expected only for
  the indicators it is declared for, a county for all. A table.
-#}
{{ config(materialized='table') }}

with

declared as (

    select city_code, unit_name_zh, indicator_code, valid_from, valid_to
    from {{ ref('city_level_units') }}

),

catalog as (

    select indicator_code, kind, numerator_code, denominator_code
    from {{ ref('dim_indicator') }}

),

units as (

    select unit_code, month, region_code, region_level
    from {{ ref('int_indicators__units') }}

),

-- the city and the regions above it at a month, from the counties under it (int_indicators__units:
-- the hierarchy of the roll-up, walked once): a city no county is valid under at the month has none
city_regions as (

    select distinct c.region_code as city_code, c.month, a.region_code, a.region_level
    from units as c
    inner join units as a
        on a.unit_code = c.unit_code
       and a.month = c.month
       and a.region_level in ('city', 'province', 'national')
    where c.region_level = 'city'

),

declared_months as (

    select d.city_code as unit_code, d.unit_name_zh, d.indicator_code, m.month
    from declared as d
    inner join city_regions as m
        on m.city_code = d.city_code
       and m.region_code = d.city_code
       and m.month >= d.valid_from
       and (d.valid_to is null or m.month < d.valid_to)

),

with_rates as (

    select unit_code, unit_name_zh, indicator_code, month from declared_months

    union all

    select n.unit_code, n.unit_name_zh, c.indicator_code, n.month
    from catalog as c
    inner join declared_months as n
        on n.indicator_code = c.numerator_code
    inner join declared_months as d
        on d.indicator_code = c.denominator_code
       and d.unit_code = n.unit_code
       and d.month = n.month
    where c.kind = 'rate'

),

unit_regions as (

    select u.unit_code, u.unit_name_zh, u.indicator_code, u.month, r.region_code, r.region_level
    from with_rates as u
    inner join city_regions as r
        on r.city_code = u.unit_code
       and r.month = u.month

)

select distinct
    cast(unit_code as {{ dbt.type_string() }}) as unit_code,
    cast(unit_name_zh as {{ dbt.type_string() }}) as unit_name_zh,
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(month as date) as month,
    cast(region_code as {{ dbt.type_string() }}) as region_code,
    cast(region_level as {{ dbt.type_string() }}) as region_level
from unit_regions
