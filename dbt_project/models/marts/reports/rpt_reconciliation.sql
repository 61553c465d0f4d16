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

  result (one verdict) and reason (why; the documented list is the seed reconciliation_reasons):
  * redacted / redacted, planned / target;
  * not_comparable: unmapped (phrase not in the catalog), no_value, sub_part or scope (seed
    reconciliation_claim_scopes: a marker in the claim's quote, or in an earlier quote of the same
    sentence; or a breakdown the catalog has no code for), relative_change, report_only (no system
    counts the indicator);
  * no_data: no_source_system (a system counts it, column source_system, but no extract of it is
    delivered), region_not_covered (the region delivers nothing for the indicator, or the row is not
    complete although every month is there: regions under it missing), period_not_loaded (months of
    the period missing);
  * match / mismatch (macro claim_agrees) with reason exact, rounded or change_vs_stock.
  Coverage: only months_covered, months_in_period and is_complete of fct_indicator_value are read,
  so a roll-up that is incomplete for want of child regions reads as region_not_covered.
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

indicators as (

    {#- a rate has no source model of its own: the system that counts it is its numerator's -#}
    select i.indicator_code, i.is_computed, coalesce(i.source_model, n.source_model) as source_model
    from {{ ref('dim_indicator') }} as i
    left join {{ ref('dim_indicator') }} as n
        on n.indicator_code = i.numerator_code

),

source_systems as (

    select indicator_code, source_system from {{ ref('indicator_source_systems') }}

),

scopes as (

    select indicator_code, marker, reason from {{ ref('reconciliation_claim_scopes') }}

),

documents as (

    select document_sha256, period_start, period_end from {{ ref('stg_reports__documents') }}
    where status = 'loaded'

),

sentences as (

    select claim_id, document_sha256, sentence_index, quote_start, quote
    from {{ ref('stg_reports__claims') }}

),

{#- a marker in the claim's own quote, or in an earlier quote of its sentence (新增7家幸福食堂,累计建设运营11家) -#}
scoped as (

    select c.claim_id, min(sc.reason) as scope_reason
    from claims as c
    inner join sentences as own
        on own.claim_id = c.claim_id
    inner join sentences as s
        on s.document_sha256 = own.document_sha256
       and s.sentence_index = own.sentence_index
       and s.quote_start <= own.quote_start
    inner join scopes as sc
        on sc.indicator_code = c.indicator_code
       and s.quote like {{ dbt.concat(["'%'", 'sc.marker', "'%'"]) }}
    group by c.claim_id

),

{#- where the warehouse has the indicator at all: any region, and the claim's region -#}
indicator_anywhere as (

    select distinct indicator_code from indicator_values

),

indicator_in_region as (

    select distinct region_code, indicator_code from indicator_values

),

prepared as (

    select
        c.*,
        case
            when c.status = 'redacted' then 'redacted'
            when c.status = 'planned' then 'planned'
            when c.indicator_code is null or c.value is null then 'not_comparable'
            when sc.scope_reason in ('sub_part', 'scope') then 'not_comparable'
            when c.breakdown is not null and not c.breakdown_in_code then 'not_comparable'
            when c.time_basis = 'relative_change' then 'not_comparable'
            when not i.is_computed and ss.source_system is null then 'not_comparable'
            when not i.is_computed then 'no_data'
        end as pre_result,
        case
            when c.status = 'redacted' then 'redacted'
            when c.status = 'planned' then 'target'
            when c.indicator_code is null then 'unmapped'
            when c.value is null then 'no_value'
            when sc.scope_reason in ('sub_part', 'scope') then sc.scope_reason
            when c.breakdown is not null and not c.breakdown_in_code then 'sub_part'
            when c.time_basis = 'relative_change' then 'relative_change'
            when not i.is_computed and ss.source_system is null then 'report_only'
            when not i.is_computed then 'no_source_system'
        end as pre_reason,
        coalesce(ss.source_system, i.source_model) as source_system,
        case when sc.scope_reason = 'change_vs_stock' then 'change' else c.time_basis end as compared_basis,
        ir.region_code is not null as region_has_indicator,
        ia.indicator_code is not null as indicator_is_loaded,
        {#- a stock read as a change (seed reconciliation_claim_scopes) changes over the report's period -#}
        case when sc.scope_reason = 'change_vs_stock' then {{ month_start('d.period_start') }}
             else {{ month_start('c.period_start') }} end as start_month,
        {{ month_start('c.period_end') }} as end_month
    from claims as c
    left join documents as d
        on d.document_sha256 = c.document_sha256
    left join scoped as sc
        on sc.claim_id = c.claim_id
    left join indicators as i
        on i.indicator_code = c.indicator_code
    left join source_systems as ss
        on ss.indicator_code = c.indicator_code
    left join indicator_in_region as ir
        on ir.region_code = c.region_code
       and ir.indicator_code = c.indicator_code
    left join indicator_anywhere as ia
        on ia.indicator_code = c.indicator_code

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
        m.months_in_period,
        m.is_complete
    from comparable as p
    inner join month_values as m
        on m.region_code = p.region_code
       and m.indicator_code = p.indicator_code
       and m.period_start = p.end_month
    where p.compared_basis = 'stock'

),

flow_aligned as (

    select
        p.claim_id,
        v.period_type as compared_period_type,
        v.period_start as compared_period_start,
        v.period_end as compared_period_end,
        v.value as computed_value,
        v.months_covered,
        v.months_in_period,
        v.is_complete
    from comparable as p
    inner join indicator_values as v
        on v.region_code = p.region_code
       and v.indicator_code = p.indicator_code
       and v.period_start = p.period_start
       and v.period_end = p.period_end
    where p.compared_basis = 'flow'

),

flow_summed as (

    select
        p.claim_id,
        cast('months' as {{ string }}) as compared_period_type,
        min(m.period_start) as compared_period_start,
        max(m.period_end) as compared_period_end,
        sum(m.value) as computed_value,
        cast(count(*) as integer) as months_covered,
        cast({{ dbt.datediff('p.start_month', 'p.end_month', 'month') }} + 1 as integer) as months_in_period,
        count(*) = ({{ dbt.datediff('p.start_month', 'p.end_month', 'month') }} + 1)
            and min(case when m.is_complete then 1 else 0 end) = 1 as is_complete
    from comparable as p
    inner join kinds as k
        on k.indicator_code = p.indicator_code
       and k.kind = 'flow'
    inner join month_values as m
        on m.region_code = p.region_code
       and m.indicator_code = p.indicator_code
       and m.period_start between p.start_month and p.end_month
    where p.compared_basis = 'flow'
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
        cast(2 as integer) as months_in_period,
        e.is_complete and b.is_complete as is_complete
    from comparable as p
    inner join month_values as e
        on e.region_code = p.region_code
       and e.indicator_code = p.indicator_code
       and e.period_start = p.end_month
    inner join month_values as b
        on b.region_code = p.region_code
       and b.indicator_code = p.indicator_code
       and b.period_start = {{ add_months('p.start_month', -1) }}
    where p.compared_basis = 'change'

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
        x.months_in_period,
        x.is_complete,
        x.computed_value - p.value as difference,
        x.computed_value is not null and x.is_complete
            and {{ claim_agrees('p.value', 'p.qualifier', 'p.rounding', 'p.upper_bound', 'x.computed_value') }}
            as agrees
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
    cast(compared_basis as {{ string }}) as time_basis,
    cast(case when compared_basis = time_basis then period_start else start_month end as date) as period_start,
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
        when agrees then 'match'
        else 'mismatch'
    end) as {{ string }}) as result,
    cast(coalesce(pre_reason, case
        when computed_value is not null and is_complete then {{ claim_comparison_reason('compared_basis', 'qualifier') }}
        when not region_has_indicator and not indicator_is_loaded then 'no_source_system'
        when not region_has_indicator then 'region_not_covered'
        when computed_value is not null and months_covered >= months_in_period then 'region_not_covered'
        else 'period_not_loaded'
    end) as {{ string }}) as reason,
    cast(source_system as {{ string }}) as source_system,
    cast(case when pre_result is null and is_complete then difference end as double) as abs_difference,
    cast(case when pre_result is null and is_complete and value <> 0 then difference / abs(value) end as double)
        as rel_difference,
    cast(quote as {{ string }}) as quote
from compared
