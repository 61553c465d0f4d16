{#-
  Each claim of the reports beside what the business extracts say (fct_indicator_value) for the
  same region, period and indicator (contract: docs/reports.md).

  The computed counterpart of a claim, by its time basis:
  * stock (stocks, standards, stock-based rates as of a date): the month row of that date's month;
  * flow over a standard period (year, half, quarter, month): that period's row; over another window
    (1-9月, 自7月1日以来): the sum of its months (flows only);
  * change (新增): the month of the window's end minus the month before the window;
  * relative_change, a breakdown without its own code, a planned target, an unmapped statement:
    not compared.

  result: match (within the claim's rounding and qualifier: exact ± half the last digit; approx
  ± max(rounding, 5%); at_least ≥ value - rounding and < the 余/多 bound; at_most ≤ value + rounding),
  mismatch (with absolute and relative difference), no_data (nothing computed, or the months of the
  period are not all there), redacted, planned, unmapped, not_comparable.
-#}
{{ config(materialized='table') }}
{%- set string = dbt.type_string() -%}

with

claims as (

    select * from {{ ref('fct_reported_indicator') }}

),

indicator_values as (

    select region_code, period_type, period_start, period_end, indicator_code, value, months_covered,
           months_in_period, is_complete
    from {{ ref('fct_indicator_value') }}

),

month_values as (

    select * from indicator_values where period_type = 'month'

),

kinds as (

    select indicator_code, kind from {{ ref('dim_indicator') }}

),

prepared as (

    select
        c.*,
        case
            when c.status = 'redacted' then 'redacted'
            when c.status = 'planned' then 'planned'
            when c.indicator_code is null then 'unmapped'
            when c.value is null then 'not_comparable'
            when c.breakdown is not null and not c.breakdown_in_code then 'not_comparable'
            when c.time_basis = 'relative_change' then 'not_comparable'
        end as pre_result,
        {{ month_start('c.period_start') }} as start_month,
        {{ month_start('c.period_end') }} as end_month
    from claims as c

),

comparable as (

    select * from prepared where pre_result is null

),

stock_values as (

    select
        p.claim_id,
        cast('month' as {{ string }}) as compared_period_type,
        m.period_start as compared_period_start,
        m.period_end as compared_period_end,
        m.value as computed_value,
        m.months_covered,
        m.is_complete
    from comparable as p
    inner join month_values as m
        on m.region_code = p.region_code
       and m.indicator_code = p.indicator_code
       and m.period_start = p.end_month
    where p.time_basis = 'stock'

),

flow_aligned as (

    select
        p.claim_id,
        v.period_type as compared_period_type,
        v.period_start as compared_period_start,
        v.period_end as compared_period_end,
        v.value as computed_value,
        v.months_covered,
        v.is_complete
    from comparable as p
    inner join indicator_values as v
        on v.region_code = p.region_code
       and v.indicator_code = p.indicator_code
       and v.period_start = p.period_start
       and v.period_end = p.period_end
    where p.time_basis = 'flow'

),

flow_summed as (

    select
        p.claim_id,
        cast('months' as {{ string }}) as compared_period_type,
        min(m.period_start) as compared_period_start,
        max(m.period_end) as compared_period_end,
        sum(m.value) as computed_value,
        cast(count(*) as integer) as months_covered,
        count(*) = ({{ dbt.datediff('p.start_month', 'p.end_month', 'month') }} + 1) as is_complete
    from comparable as p
    inner join kinds as k
        on k.indicator_code = p.indicator_code
       and k.kind = 'flow'
    inner join month_values as m
        on m.region_code = p.region_code
       and m.indicator_code = p.indicator_code
       and m.period_start between p.start_month and p.end_month
    where p.time_basis = 'flow'
      and not exists (select 1 from flow_aligned as a where a.claim_id = p.claim_id)
    group by p.claim_id, p.start_month, p.end_month

),

change_values as (

    select
        p.claim_id,
        cast('change' as {{ string }}) as compared_period_type,
        b.period_start as compared_period_start,
        e.period_end as compared_period_end,
        e.value - b.value as computed_value,
        cast(2 as integer) as months_covered,
        true as is_complete
    from comparable as p
    inner join month_values as e
        on e.region_code = p.region_code
       and e.indicator_code = p.indicator_code
       and e.period_start = p.end_month
    inner join month_values as b
        on b.region_code = p.region_code
       and b.indicator_code = p.indicator_code
       and b.period_start = {{ add_months('p.start_month', -1) }}
    where p.time_basis = 'change'

),

computed as (

    select * from stock_values
    union all
    select * from flow_aligned
    union all
    select * from flow_summed
    union all
    select * from change_values

),

compared as (

    select
        p.*,
        x.compared_period_type,
        x.compared_period_start,
        x.compared_period_end,
        x.computed_value,
        x.months_covered,
        x.is_complete,
        x.computed_value - p.value as difference,
        coalesce(p.rounding, 0) + 1e-9 * abs(p.value) as tolerance
    from prepared as p
    left join computed as x
        on x.claim_id = p.claim_id

)

select
    cast(claim_id as {{ string }}) as claim_id,
    cast(document_name as {{ string }}) as document_name,
    cast(document_sha256 as {{ string }}) as document_sha256,
    cast(region_code as {{ string }}) as region_code,
    cast(region_name as {{ string }}) as region_name,
    cast(indicator_code as {{ string }}) as indicator_code,
    cast(indicator_name_zh as {{ string }}) as indicator_name_zh,
    cast(time_basis as {{ string }}) as time_basis,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(status as {{ string }}) as status,
    cast(qualifier as {{ string }}) as qualifier,
    cast(value as double) as reported_value,
    cast(unit as {{ string }}) as unit,
    cast(rounding as double) as rounding,
    cast(upper_bound as double) as upper_bound,
    cast(compared_period_type as {{ string }}) as compared_period_type,
    cast(compared_period_start as date) as compared_period_start,
    cast(compared_period_end as date) as compared_period_end,
    cast(computed_value as double) as computed_value,
    cast(months_covered as integer) as computed_months_covered,
    cast(is_complete as {{ dbt.type_boolean() }}) as computed_is_complete,
    cast(coalesce(pre_result, case
        when computed_value is null or not is_complete then 'no_data'
        when qualifier = 'exact' and abs(difference) <= tolerance then 'match'
        when qualifier = 'approx' and abs(difference) <= greatest(tolerance, 0.05 * abs(value)) then 'match'
        when qualifier = 'at_least' and computed_value >= value - tolerance
             and (upper_bound is null or computed_value < upper_bound + tolerance) then 'match'
        when qualifier = 'at_most' and computed_value <= value + tolerance then 'match'
        else 'mismatch'
    end) as {{ string }}) as result,
    cast(case when pre_result is null and is_complete then difference end as double) as abs_difference,
    cast(case when pre_result is null and is_complete and value <> 0 then difference / abs(value) end as double)
        as rel_difference,
    cast(quote as {{ string }}) as quote
from compared
