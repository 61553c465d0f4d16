{#-
  The checks on the published forms, one row per finding (none when every table agrees with itself
  and with the other tables). Severities: error where the table contradicts itself beyond rounding in
  a way rounding cannot explain (an of-which part above its parent; a year-to-date figure that falls
  within a year); warn where rounding, revisions or the layout can explain it (previous vs the prior
  form's current, change columns, 城市 + 农村 = 合计, a province against its cities).
  Tolerances: half a unit of the last printed decimal, relative to the numbers compared.
-#}
{{ config(materialized='table') }}
{%- set string = dbt.type_string() -%}

with

cells as (

    select * from {{ ref('fct_official_statistic') }}

),

indicators as (

    select indicator_code, parent_code, part_group
    from {{ ref('dim_indicator') }}

),

regions as (

    select region_code, level, parent_code, valid_from, valid_to
    from {{ ref('dim_region') }}

),

-- a form cell: one indicator of one table, region and period, by role
form_cells as (

    select *
    from cells
    where indicator_code is not null
      and form in ('monthly_report', 'quarterly_report', 'published_table')

),

-- 1. this period's previous column = the previous form's current (same region, indicator, period type)
previous_vs_prior as (

    select
        'previous_equals_prior_current' as check_name,
        'warn' as severity,
        p.source_file, p.source_row, p.published_label, p.indicator_code, p.region_code, p.period_start,
        c.value as expected_value,
        p.value as actual_value,
        concat('上期 ', p.published_value, ' in ', p.source_file, ' but the ', c.period_type, ' form ',
               c.source_file, ' prints ', c.published_value, ' as current') as reason
    from form_cells as p
    inner join form_cells as c
        on c.region_code = p.region_code
       and c.indicator_code = p.indicator_code
       and c.column_role = 'current'
       and c.period_type = p.period_type
       and c.period_end = cast({{ dbt.dateadd('day', -1, 'p.period_start') }} as date)
    where p.column_role = 'previous'
      and p.period_type in ('month', 'quarter')
      and abs(p.value - c.value) > 0.0005 * greatest(abs(p.value), abs(c.value)) + 0.000001

),

rates as (

    select
        r.*,
        base.value as base_value,
        cur.value as current_value,
        cur.published_value as current_published
    from cells as r
    inner join cells as cur
        on cur.source_file = r.source_file and cur.source_row = r.source_row and cur.column_role = 'current'
    inner join cells as base
        on base.source_file = r.source_file and base.source_row = r.source_row
       and base.column_role = case r.column_role
               when 'change_rate_year_on_year' then 'same_period_last_year'
               else 'previous'
           end
    where r.column_role in ('change_rate', 'change_rate_year_on_year', 'change')

),

-- 2. the change and change-rate columns agree with current and previous (or last year's)
change_columns as (

    select
        'change_agrees_with_current_and_previous' as check_name,
        'warn' as severity,
        source_file, source_row, published_label, indicator_code, region_code, period_start,
        case when column_role = 'change' then current_value - base_value
             else current_value / base_value - 1 end as expected_value,
        value as actual_value,
        concat(source_column, ' ', published_value, ' does not follow from current ', current_published,
               ' and its base') as reason
    from rates
    where base_value <> 0
      and (
        (column_role = 'change'
         and abs(value - (current_value - base_value)) > 0.001 * greatest(abs(current_value), abs(base_value)))
        or (column_role <> 'change'
         and abs(value - (current_value / base_value - 1))
             > 0.00006 + 0.0005 * abs(current_value / base_value))
      )

),

-- 3. 城市 + 农村 = 合计 (parts of an urban_rural part group of the catalog, in the same table and column)
parts as (

    select
        parent.source_file, parent.source_row, parent.published_label, parent.indicator_code, parent.region_code,
        parent.period_start, parent.value as parent_value, parent.source_column,
        sum(part.value) as parts_value,
        count(*) as parts
    from cells as parent
    inner join indicators as i on i.parent_code = parent.indicator_code and i.part_group = 'urban_rural'
    inner join cells as part
        on part.source_file = parent.source_file and part.source_column = parent.source_column
       and part.indicator_code = i.indicator_code and part.period_start = parent.period_start
    where parent.column_role not like 'change%'
    group by parent.source_file, parent.source_row, parent.published_label, parent.indicator_code,
             parent.region_code, parent.period_start, parent.value, parent.source_column

),

urban_rural as (

    select
        'urban_plus_rural_equals_total' as check_name,
        'warn' as severity,
        source_file, source_row, published_label, indicator_code, region_code, period_start,
        parent_value as expected_value,
        parts_value as actual_value,
        concat('城市 + 农村 = ', cast(parts_value as {{ string }}), ' but the total (', source_column, ') is ',
               cast(parent_value as {{ string }})) as reason
    from parts
    where parts = 2
      and abs(parts_value - parent_value) > 0.0005 * abs(parent_value) + 0.000001

),

-- 4. an of-which part is at most its parent (the row it is printed under, same column)
of_which as (

    select
        'of_which_at_most_parent' as check_name,
        'error' as severity,
        c.source_file, c.source_row, c.published_label, c.indicator_code, c.region_code, c.period_start,
        p.value as expected_value,
        c.value as actual_value,
        concat(c.published_label, ' ', c.published_value, ' exceeds its parent ', p.published_label, ' ',
               p.published_value) as reason
    from cells as c
    inner join cells as p
        on p.source_file = c.source_file and p.source_row = c.parent_row and p.source_column = c.source_column
    where c.is_of_which
      and c.column_role not like 'change%'
      and c.value > p.value

),

-- 5. cumulative (year-to-date) money never falls within a year
ytd as (

    select
        c.*,
        lag(c.value) over (
            partition by c.region_code, c.indicator_code, extract(year from c.period_end)
            order by c.period_end
        ) as earlier_value,
        lag(c.source_file) over (
            partition by c.region_code, c.indicator_code, extract(year from c.period_end)
            order by c.period_end
        ) as earlier_file
    from form_cells as c
    where c.column_role = 'current'
      and {{ dbt.right('c.indicator_code', 4) }} = '_ytd'
      and c.period_type in ('month', 'quarter')

),

cumulative as (

    select
        'cumulative_never_falls_within_a_year' as check_name,
        'error' as severity,
        source_file, source_row, published_label, indicator_code, region_code, period_start,
        earlier_value as expected_value,
        value as actual_value,
        concat('year-to-date ', published_label, ' falls from ', cast(earlier_value as {{ string }}), ' (',
               earlier_file, ') to ', published_value) as reason
    from ytd
    where earlier_value is not null and value < earlier_value

),

-- 6. a province's figure against the sum of its cities where both are published
city_sums as (

    select
        r.parent_code as province_code, c.indicator_code, c.period_type, c.period_start, c.column_role,
        sum(c.value) as cities_value,
        count(distinct c.region_code) as cities
    from form_cells as c
    inner join regions as r
        on r.region_code = c.region_code and r.level = 'city'
       and r.valid_from <= c.period_end and (r.valid_to is null or r.valid_to > c.period_end)
    where c.column_role = 'current'
    group by r.parent_code, c.indicator_code, c.period_type, c.period_start, c.column_role

),

city_counts as (

    select parent_code as province_code, count(*) as cities_in_province
    from regions
    where level = 'city' and valid_to is null
    group by parent_code

),

province_vs_cities as (

    select
        'province_against_its_cities' as check_name,
        'warn' as severity,
        p.source_file, p.source_row, p.published_label, p.indicator_code, p.region_code, p.period_start,
        p.value as expected_value,
        s.cities_value as actual_value,
        concat(cast(s.cities as {{ string }}), ' of ', cast(n.cities_in_province as {{ string }}),
               ' cities publish ', cast(s.cities_value as {{ string }}), ' against the province''s ',
               p.published_value) as reason
    from form_cells as p
    inner join city_sums as s
        on s.province_code = p.region_code and s.indicator_code = p.indicator_code
       and s.period_type = p.period_type and s.period_start = p.period_start and s.column_role = p.column_role
    inner join city_counts as n on n.province_code = p.region_code
    where (s.cities_value > p.value * 1.0005)
       or (s.cities = n.cities_in_province and abs(s.cities_value - p.value) > 0.0005 * abs(p.value))

),

findings as (

    select * from previous_vs_prior
    union all select * from change_columns
    union all select * from urban_rural
    union all select * from of_which
    union all select * from cumulative
    union all select * from province_vs_cities

)

select
    cast(check_name as {{ string }}) as check_name,
    cast(severity as {{ string }}) as severity,
    cast(source_file as {{ string }}) as source_file,
    cast(source_row as integer) as source_row,
    cast(published_label as {{ string }}) as published_label,
    cast(indicator_code as {{ string }}) as indicator_code,
    cast(region_code as {{ string }}) as region_code,
    cast(period_start as date) as period_start,
    cast(expected_value as double) as expected_value,
    cast(actual_value as double) as actual_value,
    cast(reason as {{ string }}) as reason
from findings
