{#-
  Every indicator of dim_indicator, at every region level and period (contract: docs/facts.md).

  * stock / flow: summed up the region hierarchy (dim_region valid at the month: a region's value
    is the sum over itself and all its descendants); over time, flows sum and stocks take the
    last month with data (as_of_month).
  * rate: recomputed from the rolled-up numerator and denominator of each region and period, over
    the months where both are present; each component aggregates over time by its own kind.
    No row when the denominator is 0.
  * standard: per region as published (no roll-up), the value in force at the period's last month
    with data; reported for the months in which the region has fact data (itself or below).
  * Missing stays missing: no row without data, never a zero.

  Periods are built bottom-up (month → quarter → half → year), each from the one below, with a
  last-value aggregate for stocks: no window functions over the long table.

  Incremental: with --vars min_month/max_month (min inclusive, max exclusive), the periods that
  overlap the window are deleted (pre_hook) and recomputed from the facts of the whole years that
  overlap the window. Without the vars the table is rebuilt from all history.
-#}
{{ config(
    materialized='incremental',
    full_refresh=(indicator_window() is none),
    on_schema_change='append_new_columns',
    pre_hook="{{ indicator_delete_window() }}",
    **indicator_fact_config()
) }}
{%- set window = indicator_window() if is_incremental() else none -%}
{%- set string = dbt.type_string() -%}

with

catalog as (

    select indicator_code, kind, unit, numerator_code, denominator_code
    from {{ ref('dim_indicator') }}

),

-- the region hierarchy and the roll-up up it are models of their own (int_indicators__region_nodes,
-- int_indicators__rolled_monthly): read here for the years of the window
region_nodes as (

    select region_code, month, region_level, parent_code, parent_level
    from {{ ref('int_indicators__region_nodes') }}
    {%- if window is not none %}
    where month >= cast('{{ window.read_from }}' as date)
      and month < cast('{{ window.read_to }}' as date)
    {%- endif %}

),

-- stock and flow indicators at every level of the hierarchy
rolled as (

    select region_code, month, indicator_code, value, region_level
    from {{ ref('int_indicators__rolled_monthly') }}
    {%- if window is not none %}
    where month >= cast('{{ window.read_from }}' as date)
      and month < cast('{{ window.read_to }}' as date)
    {%- endif %}

),

-- standards as published, for the months in which their region has fact data (itself or below):
-- a standard is not carried into months the warehouse knows nothing about for that region
standards as (

    select s.region_code, n.region_level, s.month, s.indicator_code, s.value
    from {{ ref('int_indicators__standards_monthly') }} as s
    inner join region_nodes as n
        on n.region_code = s.region_code
       and n.month = s.month
    {%- if window is not none %}
    where s.month >= cast('{{ window.read_from }}' as date)
      and s.month < cast('{{ window.read_to }}' as date)
    {%- endif %}

    union all

    -- above the level that sets them: min, max and recipient-weighted mean over the counties
    select region_code, region_level, month, indicator_code, value
    from {{ ref('int_indicators__standard_stats_monthly') }}
    {%- if window is not none %}
    where month >= cast('{{ window.read_from }}' as date)
      and month < cast('{{ window.read_to }}' as date)
    {%- endif %}

),

-- reporting units expected and reporting under each region and period (counties; see the model)
coverage as (

    select
        region_code, indicator_code, period_type, period_start,
        children_expected, children_reporting, unit_months_expected, unit_months_reporting
    from {{ ref('int_indicators__coverage') }}
    {%- if window is not none %}
    where period_start >= cast('{{ window.read_from }}' as date)
      and period_start < cast('{{ window.read_to }}' as date)
    {%- endif %}

),

-- one stream for every kind: a numerator (the value itself for stocks, flows and standards)
-- and, for rates, a denominator, each with the kind that decides how it aggregates over time
monthly as (

    select
        r.region_code,
        r.region_level,
        r.month,
        r.indicator_code,
        c.kind as numerator_kind,
        r.value as numerator,
        cast(null as {{ string }}) as denominator_kind,
        cast(null as {{ indicator_value_type() }}) as denominator
    from rolled as r
    inner join catalog as c on c.indicator_code = r.indicator_code

    union all

    select
        s.region_code,
        s.region_level,
        s.month,
        s.indicator_code,
        c.kind as numerator_kind,
        s.value as numerator,
        cast(null as {{ string }}) as denominator_kind,
        cast(null as {{ indicator_value_type() }}) as denominator
    from standards as s
    inner join catalog as c on c.indicator_code = s.indicator_code

    union all

    -- rates: numerator and denominator of the same region and month, both present
    select
        n.region_code,
        n.region_level,
        n.month,
        c.indicator_code,
        nc.kind as numerator_kind,
        n.value as numerator,
        dc.kind as denominator_kind,
        d.value as denominator
    from catalog as c
    inner join catalog as nc on nc.indicator_code = c.numerator_code
    inner join catalog as dc on dc.indicator_code = c.denominator_code
    inner join rolled as n on n.indicator_code = c.numerator_code
    inner join rolled as d
        on d.indicator_code = c.denominator_code
       and d.region_code = n.region_code
       and d.month = n.month
    where c.kind = 'rate'

),

period_month as (

    select
        region_code,
        region_level,
        indicator_code,
        cast('month' as {{ string }}) as period_type,
        month as period_start,
        1 as months_in_period,
        numerator_kind,
        numerator,
        denominator_kind,
        denominator,
        1 as months_covered,
        month as last_month
    from monthly

),

period_quarter as (

    {{ indicator_roll_up_period('period_month', 'quarter', 3) }}

),

period_half as (

    {{ indicator_roll_up_period('period_quarter', 'half', 6) }}

),

period_year as (

    {{ indicator_roll_up_period('period_half', 'year', 12) }}

),

all_periods as (

    select
        region_code, region_level, indicator_code, period_type, period_start, months_in_period,
        numerator_kind, numerator, denominator_kind, denominator, months_covered, last_month
    from period_month
    union all
    select
        region_code, region_level, indicator_code, period_type, period_start, months_in_period,
        numerator_kind, numerator, denominator_kind, denominator, months_covered, last_month
    from period_quarter
    union all
    select
        region_code, region_level, indicator_code, period_type, period_start, months_in_period,
        numerator_kind, numerator, denominator_kind, denominator, months_covered, last_month
    from period_half
    union all
    select
        region_code, region_level, indicator_code, period_type, period_start, months_in_period,
        numerator_kind, numerator, denominator_kind, denominator, months_covered, last_month
    from period_year

),

valued as (

    select
        region_code,
        region_level,
        indicator_code,
        period_type,
        period_start,
        {{ indicator_period_end('period_start', 'months_in_period') }} as period_end,
        months_in_period,
        case
            when denominator_kind is null then cast(numerator as double)
            when denominator <> 0 then cast(numerator as double) / cast(denominator as double)
        end as value,
        months_covered,
        last_month,
        case
            when numerator_kind in ('stock', 'standard') or denominator_kind = 'stock' then last_month
        end as as_of_month
    from all_periods

)

{#- coverage of every row: from int_indicators__coverage at county level and above; a township, a
    standard as published, or a code without a valid version stands for itself (1 unit expected,
    1 reporting, coverage = its months with data / the months of the period) -#}
{%- set coverage_expr -%}
    case
        when cv.region_code is not null
            then cast(cv.unit_months_reporting as double) / cast(cv.unit_months_expected as double)
        else cast(v.months_covered as double) / cast(v.months_in_period as double)
    end
{%- endset %}
select
    cast(v.region_code as {{ string }}) as region_code,
    cast(v.region_level as {{ string }}) as region_level,
    cast(v.period_type as {{ string }}) as period_type,
    cast(v.period_start as date) as period_start,
    cast(v.period_end as date) as period_end,
    cast(v.indicator_code as {{ string }}) as indicator_code,
    cast(v.value as double) as value,
    cast(c.unit as {{ string }}) as unit,
    cast(v.months_covered as {{ dbt.type_int() }}) as months_covered,
    cast(v.months_in_period as {{ dbt.type_int() }}) as months_in_period,
    cast(v.months_covered = v.months_in_period and {{ coverage_expr }} = 1 as {{ dbt.type_boolean() }}) as is_complete,
    cast(v.as_of_month as date) as as_of_month,
    cast(coalesce(cv.children_expected, 1) as {{ dbt.type_int() }}) as children_expected,
    cast(coalesce(cv.children_reporting, 1) as {{ dbt.type_int() }}) as children_reporting,
    cast({{ coverage_expr }} as double) as coverage
from valued as v
inner join catalog as c
    on c.indicator_code = v.indicator_code
left join coverage as cv
    on cv.region_code = v.region_code
   and cv.indicator_code = v.indicator_code
   and cv.period_type = v.period_type
   and cv.period_start = v.period_start
where v.value is not null
{%- if window is not none %}
  and {{ indicator_window_overlaps(window, 'v.period_start', 'v.period_end') }}
{%- endif %}
