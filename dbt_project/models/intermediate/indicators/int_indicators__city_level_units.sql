{#-
  市本级: the city bureaus that report indicators themselves (seed city_level_units), as reporting
  units of their own. One row per unit (the city's code), month, indicator it is expected to deliver
  and region it counts for at that month: the city, its province and 全国. Months: those of
  int_indicators__units (every month of every year with indicator data) within the declaration's
  validity and the city's (dim_region). A rate is expected where both its numerator and its
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

regions as (

    select region_code, region_level, parent_code, valid_from, valid_to
    from {{ ref('int_indicators__regions') }}

),

months as (

    select distinct month from {{ ref('int_indicators__units') }}

),

declared_months as (

    select d.city_code as unit_code, d.unit_name_zh, d.indicator_code, m.month
    from declared as d
    inner join months as m
        on m.month >= d.valid_from
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

hop_0 as (

    select u.unit_code, u.unit_name_zh, u.indicator_code, u.month, r.region_code, r.region_level, r.parent_code
    from with_rates as u
    inner join regions as r
        on r.region_code = u.unit_code
       and {{ indicator_region_valid_at('r', 'u.month') }}
    where r.region_level = 'city'

),
{%- for d in range(1, 3) %}

hop_{{ d }} as (

    select h.unit_code, h.unit_name_zh, h.indicator_code, h.month, r.region_code, r.region_level, r.parent_code
    from hop_{{ d - 1 }} as h
    inner join regions as r
        on r.region_code = h.parent_code
       and {{ indicator_region_valid_at('r', 'h.month') }}
    where h.parent_code is not null and h.parent_code <> h.region_code

),
{%- endfor %}

all_hops as (
{%- for d in range(0, 3) %}
    {% if not loop.first %}union all{% endif %}
    select unit_code, unit_name_zh, indicator_code, month, region_code, region_level from hop_{{ d }}
{%- endfor %}

)

select distinct
    cast(unit_code as {{ dbt.type_string() }}) as unit_code,
    cast(unit_name_zh as {{ dbt.type_string() }}) as unit_name_zh,
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(month as date) as month,
    cast(region_code as {{ dbt.type_string() }}) as region_code,
    cast(region_level as {{ dbt.type_string() }}) as region_level
from all_hops
