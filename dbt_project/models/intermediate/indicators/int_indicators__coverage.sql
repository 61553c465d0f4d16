{#-
  Coverage of every indicator, region and period (month, quarter, half, year) at county level and
  above: how many reporting units (counties, int_indicators__units) were expected under the region
  during the period, how many reported, and the unit-months expected and delivered.

  * A county reports a stock or flow in a month when its file has rows for it (its own rows or its
    townships'); a rate when it reports both the numerator and the denominator; a standard summary
    when a standard is in force for it (int_indicators__standards_in_force).
  * Expected: the counties valid (dim_region) at each month of the period under the region.
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
    inner join units as u
        on u.unit_code = r.unit_code
       and u.month = r.month

),

reporting as (
{%- for period_type in ['month', 'quarter', 'half', 'year'] %}
    {% if not loop.first %}union all{% endif %}
    select
        region_code,
        indicator_code,
        cast('{{ period_type }}' as {{ dbt.type_string() }}) as period_type,
        {{ indicator_period_start(period_type, 'month') }} as period_start,
        count(distinct unit_code) as children_reporting,
        count(*) as unit_months_reporting
    from reporting_regions
    group by region_code, indicator_code, {{ indicator_period_start(period_type, 'month') }}
{%- endfor %}

),

expected as (
{%- for period_type in ['month', 'quarter', 'half', 'year'] %}
    {% if not loop.first %}union all{% endif %}
    select
        region_code,
        cast('{{ period_type }}' as {{ dbt.type_string() }}) as period_type,
        {{ indicator_period_start(period_type, 'month') }} as period_start,
        count(distinct unit_code) as children_expected,
        count(*) as unit_months_expected
    from units
    group by region_code, {{ indicator_period_start(period_type, 'month') }}
{%- endfor %}

)

select
    cast(r.region_code as {{ dbt.type_string() }}) as region_code,
    cast(r.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(r.period_type as {{ dbt.type_string() }}) as period_type,
    cast(r.period_start as date) as period_start,
    cast(e.children_expected as {{ dbt.type_int() }}) as children_expected,
    cast(r.children_reporting as {{ dbt.type_int() }}) as children_reporting,
    cast(e.unit_months_expected as {{ dbt.type_int() }}) as unit_months_expected,
    cast(r.unit_months_reporting as {{ dbt.type_int() }}) as unit_months_reporting
from reporting as r
inner join expected as e
    on e.region_code = r.region_code
   and e.period_type = r.period_type
   and e.period_start = r.period_start
