{#-
  Coverage of every indicator, region and period (month, quarter, half, year) at county level and
  above: how many reporting units were expected under the region during the period, how many
  reported, and the unit-months expected and delivered. The units are the counties
  (int_indicators__units), expected for every indicator, and the 市本级 units of the cities that report
  some indicators themselves (int_indicators__city_level_units), expected for those indicators only.

  * A county reports a stock or flow in a month when its file has rows for it (its own rows or its
    townships'); a rate when it reports both the numerator and the denominator; a standard summary
    when a standard is in force for it (int_indicators__standards_in_force). A 市本级 unit reports an
    indicator it is declared for when rows with its city's code have it.
  * Expected: the counties valid (dim_region) at each month of the period under the region, plus
    the 市本级 units declared for the indicator at those months.
  * coverage = unit-months delivered / unit-months expected (fct_indicator_value): 1 only when
    every expected county reported every month.

  Only (region, indicator, period) with at least one reporting unit have a row. A table.
-#}
{{ config(materialized='table') }}

with

catalog as (

    select indicator_code, kind, numerator_code, denominator_code
    from {{ ref('dim_indicator') }}

),

base as (

    select distinct region_code, month, indicator_code
    from {{ ref('int_indicators__base_monthly') }}

),

region_nodes as (

    select region_code, month, region_level, parent_code, parent_level
    from {{ ref('int_indicators__region_nodes') }}

),

units as (

    select unit_code, month, region_code, region_level
    from {{ ref('int_indicators__units') }}

),

city_level_units as (

    select unit_code, indicator_code, month, region_code
    from {{ ref('int_indicators__city_level_units') }}

),

-- the regions each reporting unit counts for at a month: a county's, or a 市本级 unit's
unit_regions as (

    select unit_code, month, region_code from units
    union all
    select distinct unit_code, month, region_code from city_level_units

),

-- the county whose file a base row came in: the county itself, or a township's county
base_units as (

    select distinct
        case when n.region_level = 'county' then b.region_code else n.parent_code end as unit_code,
        b.month,
        b.indicator_code
    from base as b
    inner join region_nodes as n
        on n.region_code = b.region_code
       and n.month = b.month
    where n.region_level = 'county'
       or (n.region_level = 'township' and n.parent_level = 'county')

    union all

    -- rows with a city's own code: its 市本级 unit, for the indicators it is declared for
    select distinct b.region_code as unit_code, b.month, b.indicator_code
    from base as b
    inner join city_level_units as c
        on c.unit_code = b.region_code
       and c.region_code = b.region_code
       and c.month = b.month
       and c.indicator_code = b.indicator_code

),

rate_units as (

    select n.unit_code, n.month, c.indicator_code
    from catalog as c
    inner join base_units as n
        on n.indicator_code = c.numerator_code
    inner join base_units as d
        on d.indicator_code = c.denominator_code
       and d.unit_code = n.unit_code
       and d.month = n.month
    where c.kind = 'rate'

),

reporting_units as (

    select unit_code, month, indicator_code from base_units
    union all
    select unit_code, month, indicator_code from rate_units
    union all
    select unit_code, month, indicator_code from {{ ref('int_indicators__standards_in_force') }}

),

reporting_regions as (

    select u.region_code, r.indicator_code, r.unit_code, r.month
    from reporting_units as r
    inner join unit_regions as u
        on u.unit_code = r.unit_code
       and u.month = r.month

),

reporting as (

    {{ indicator_units_per_period('reporting_regions', ['region_code', 'indicator_code'],
                                  'children_reporting', 'unit_months_reporting') }}

),

expected as (

    {{ indicator_units_per_period('units', ['region_code'], 'children_expected', 'unit_months_expected') }}

),

expected_city_level as (

    {{ indicator_units_per_period('city_level_units', ['region_code', 'indicator_code'],
                                  'children_expected', 'unit_months_expected') }}

)

select
    cast(r.region_code as {{ dbt.type_string() }}) as region_code,
    cast(r.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(r.period_type as {{ dbt.type_string() }}) as period_type,
    cast(r.period_start as date) as period_start,
    cast(e.children_expected + coalesce(c.children_expected, 0) as {{ dbt.type_int() }}) as children_expected,
    cast(r.children_reporting as {{ dbt.type_int() }}) as children_reporting,
    cast(e.unit_months_expected + coalesce(c.unit_months_expected, 0) as {{ dbt.type_int() }}) as unit_months_expected,
    cast(r.unit_months_reporting as {{ dbt.type_int() }}) as unit_months_reporting
from reporting as r
inner join expected as e
    on e.region_code = r.region_code
   and e.period_type = r.period_type
   and e.period_start = r.period_start
left join expected_city_level as c
    on c.region_code = r.region_code
   and c.indicator_code = r.indicator_code
   and c.period_type = r.period_type
   and c.period_start = r.period_start
