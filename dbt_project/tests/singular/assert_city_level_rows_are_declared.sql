{#- Rows delivered with a city's own code (市本级) for an indicator that seed city_level_units does
    not declare for that city and month: they count in the city's total (the roll-up adds a region's
    own rows), but not in its coverage, since no unit is expected for them. Listed for follow-up:
    declare the 市本级 unit, or ask the bureau which district the rows belong to. -#}
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'int_indicators__base_monthly'}}}) }}

with

base as (

    select region_code, month, indicator_code, value
    from {{ ref('int_indicators__base_monthly') }}

),

regions as (

    select region_code, name_zh, region_level, valid_from, valid_to
    from {{ ref('int_indicators__regions') }}

),

declared as (

    select unit_code, indicator_code, month
    from {{ ref('int_indicators__city_level_units') }}
    where region_code = unit_code

)

select
    b.region_code,
    r.name_zh,
    b.indicator_code,
    min(b.month) as first_month,
    max(b.month) as last_month,
    count(*) as months
from base as b
inner join regions as r
    on r.region_code = b.region_code
   and {{ indicator_region_valid_at('r', 'b.month') }}
left join declared as d
    on d.unit_code = b.region_code
   and d.indicator_code = b.indicator_code
   and d.month = b.month
where r.region_level = 'city'
  and d.unit_code is null
group by b.region_code, r.name_zh, b.indicator_code
