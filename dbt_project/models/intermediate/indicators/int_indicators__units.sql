{#-
  The reporting units of the indicator roll-up and the regions they count for: one row per county
  valid at a month (int_indicators__regions, the version valid on the month's last day) and per
  region it lies in at that month — itself, its city, province and 全国. The county is the level
  that delivers the extracts (one file per county and month; a township's rows come in its
  county's file), so coverage above a county counts counties. Months: every month of every year
  with indicator data, so that a year's expected county-months are all twelve. A table.
-#}
{{ config(materialized='table') }}

with

regions as (

    select region_code, region_level, parent_code, valid_from, valid_to
    from {{ ref('int_indicators__regions') }}

),

data_years as (

    select distinct {{ date_part_int('year', 'month') }} as year
    from {{ ref('int_indicators__region_nodes') }}

),

months as (

    select m.month
    from {{ ref('dim_month') }} as m
    inner join data_years as y on y.year = m.year

),

hop_0 as (

    select r.region_code as unit_code, m.month, r.region_code, r.region_level, r.parent_code
    from regions as r
    inner join months as m
        on {{ indicator_region_valid_at('r', 'm.month') }}
    where r.region_level = 'county'

),
{%- for d in range(1, 4) %}

hop_{{ d }} as (

    select h.unit_code, h.month, r.region_code, r.region_level, r.parent_code
    from hop_{{ d - 1 }} as h
    inner join regions as r
        on r.region_code = h.parent_code
       and {{ indicator_region_valid_at('r', 'h.month') }}
    where h.parent_code is not null and h.parent_code <> h.region_code

),
{%- endfor %}

all_hops as (
{%- for d in range(0, 4) %}
    {% if not loop.first %}union all{% endif %}
    select unit_code, month, region_code, region_level from hop_{{ d }}
{%- endfor %}

)

select
    cast(unit_code as {{ dbt.type_string() }}) as unit_code,
    cast(month as date) as month,
    cast(region_code as {{ dbt.type_string() }}) as region_code,
    cast(region_level as {{ dbt.type_string() }}) as region_level
from all_hops
