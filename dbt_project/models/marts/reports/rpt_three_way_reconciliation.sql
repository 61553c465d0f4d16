{#-
  Three-way reconciliation (contract: docs/reports.md): for every indicator, region and period that
  at least two of these hold, side by side with a verdict and a reason —
  * the warehouse: fct_indicator_value, the roll-up of the business extracts;
  * the published form: fct_official_statistic, the `current` cells with a catalog indicator and a
    value (the first cell by file and row when a table prints one twice; official_cells counts them);
  * the work reports: the claims of rpt_reconciliation that could be compared at all (reported, mapped,
    a level not a change, not a sub-part or another scope), stocks at the month of their date and flows
    over a whole month, quarter, half or year (the first claim by claim_id; reported_claims counts them).
  Pairs: form_vs_extracts (within half the form's last printed digit, in the catalog unit),
  report_vs_extracts and report_vs_form (macro claim_agrees: the claim's qualifier and rounding). A
  warehouse row that is not complete is not compared (period_not_loaded when months are missing,
  region_not_covered when regions under it are). result: mismatch when any pair differs (reason: the
  first such pair in the order form_vs_extracts, report_vs_extracts, report_vs_form), match when the
  compared pairs agree (agree), not_comparable when no pair could be compared.
  Coverage of a roll-up (children_expected, children_reporting, coverage of fct_indicator_value) is
  not read here yet: a partial roll-up reads as not complete.
-#}
{{ config(materialized='table') }}
{%- set string = dbt.type_string() -%}

with

warehouse as (

    select region_code, indicator_code, period_type, period_start, period_end, value,
           months_covered, months_in_period, is_complete
    from {{ ref('fct_indicator_value') }}

),

official_cells as (

    select
        region_code, indicator_code, period_type, period_start, period_end, value, source_file,
        source_row, published_label, published_value,
        case when {{ dbt.position("'.'", 'published_value') }} > 0
             then {{ dbt.length('published_value') }} - {{ dbt.position("'.'", 'published_value') }}
             else 0 end as printed_decimals
    from {{ ref('fct_official_statistic') }}
    where column_role = 'current'
      and indicator_code is not null
      and value is not null

),

official_ranked as (

    select
        o.*,
        0.5 * power(10, -printed_decimals)
            * coalesce(abs(value / nullif({{ dbt.safe_cast('published_value', 'double') }}, 0)), 1)
            as tolerance,
        row_number() over (partition by region_code, indicator_code, period_type, period_start
                           order by source_file, source_row) as rk,
        count(*) over (partition by region_code, indicator_code, period_type, period_start) as cells
    from official_cells as o

),

official as (

    select * from official_ranked where rk = 1

),

claims as (

    select
        claim_id, document_name, region_code, indicator_code, time_basis, reported_value, qualifier,
        rounding, upper_bound, quote,
        {{ month_start('period_start') }} as start_month,
        {{ month_start('period_end') }} as end_month,
        period_start,
        period_end
    from {{ ref('rpt_reconciliation') }}
    where status = 'reported'
      and indicator_code is not null
      and reported_value is not null
      and time_basis in ('stock', 'flow')
      and reason not in ('sub_part', 'scope', 'relative_change', 'unmapped', 'no_value')

),

claims_keyed as (

    select
        c.*,
        case
            when c.time_basis = 'stock' then 'month'
            when c.period_start <> c.start_month or c.period_end <> {{ month_end('c.end_month') }} then null
            when c.months = 1 then 'month'
            when c.months = 3 and {{ date_part_int('month', 'c.start_month') }} in (1, 4, 7, 10) then 'quarter'
            when c.months = 6 and {{ date_part_int('month', 'c.start_month') }} in (1, 7) then 'half'
            when c.months = 12 and {{ date_part_int('month', 'c.start_month') }} = 1 then 'year'
        end as key_period_type,
        case when c.time_basis = 'stock' then c.end_month else c.start_month end as key_period_start
    from (
        select claims.*,
               {{ dbt.datediff('start_month', 'end_month', 'month') }} + 1 as months
        from claims
    ) as c

),

reported_ranked as (

    select
        c.*,
        row_number() over (partition by region_code, indicator_code, key_period_type, key_period_start
                           order by claim_id) as rk,
        count(*) over (partition by region_code, indicator_code, key_period_type, key_period_start) as claims_n
    from claims_keyed as c
    where key_period_type is not null

),

reported as (

    select * from reported_ranked where rk = 1

),

keys as (

    select region_code, indicator_code, period_type, period_start from warehouse
    union
    select region_code, indicator_code, period_type, period_start from official
    union
    select region_code, indicator_code, key_period_type, key_period_start from reported

),

indicators as (

    select indicator_code, name_zh, unit from {{ ref('dim_indicator') }}

),

regions as (

    select region_code, name_zh, valid_from, valid_to from {{ ref('dim_region') }}

),

joined as (

    select
        k.region_code,
        k.indicator_code,
        k.period_type,
        k.period_start,
        coalesce(w.period_end, o.period_end,
                 {{ dbt.dateadd('day', -1, add_months('k.period_start',
                     "case k.period_type when 'month' then 1 when 'quarter' then 3 when 'half' then 6 else 12 end")) }})
            as period_end,
        w.value as warehouse_value,
        w.months_covered as warehouse_months_covered,
        w.months_in_period as warehouse_months_in_period,
        w.is_complete as warehouse_is_complete,
        o.value as official_value,
        o.tolerance as official_tolerance,
        o.cells as official_cells,
        o.source_file as official_source_file,
        o.source_row as official_source_row,
        o.published_label as official_published_label,
        r.reported_value,
        r.qualifier as reported_qualifier,
        r.rounding as reported_rounding,
        r.upper_bound as reported_upper_bound,
        r.claims_n as reported_claims,
        r.claim_id as reported_claim_id,
        r.document_name as reported_document_name,
        r.quote as reported_quote,
        (case when w.value is not null then 1 else 0 end
         + case when o.value is not null then 1 else 0 end
         + case when r.reported_value is not null then 1 else 0 end) as sources_present
    from keys as k
    left join warehouse as w
        on w.region_code = k.region_code and w.indicator_code = k.indicator_code
       and w.period_type = k.period_type and w.period_start = k.period_start
    left join official as o
        on o.region_code = k.region_code and o.indicator_code = k.indicator_code
       and o.period_type = k.period_type and o.period_start = k.period_start
    left join reported as r
        on r.region_code = k.region_code and r.indicator_code = k.indicator_code
       and r.key_period_type = k.period_type and r.key_period_start = k.period_start

),

paired as (

    select
        j.*,
        case when j.warehouse_is_complete and j.official_value is not null then
            case when abs(j.official_value - j.warehouse_value) <= j.official_tolerance + 1e-9 * abs(j.official_value)
                 then 'match' else 'mismatch' end
        end as form_vs_extracts,
        case when j.warehouse_is_complete and j.reported_value is not null then
            case when {{ claim_agrees('j.reported_value', 'j.reported_qualifier', 'j.reported_rounding',
                                      'j.reported_upper_bound', 'j.warehouse_value') }}
                 then 'match' else 'mismatch' end
        end as report_vs_extracts,
        case when j.official_value is not null and j.reported_value is not null then
            case when {{ claim_agrees('j.reported_value', 'j.reported_qualifier', 'j.reported_rounding',
                                      'j.reported_upper_bound', 'j.official_value') }}
                 then 'match' else 'mismatch' end
        end as report_vs_form
    from joined as j
    where j.sources_present >= 2

)

select
    cast(p.indicator_code as {{ string }}) as indicator_code,
    cast(i.name_zh as {{ string }}) as indicator_name_zh,
    cast(i.unit as {{ string }}) as unit,
    cast(p.region_code as {{ string }}) as region_code,
    cast(rg.name_zh as {{ string }}) as region_name,
    cast(p.period_type as {{ string }}) as period_type,
    cast(p.period_start as date) as period_start,
    cast(p.period_end as date) as period_end,
    cast(p.sources_present as integer) as sources_present,
    cast(p.warehouse_value as double) as warehouse_value,
    cast(p.warehouse_months_covered as integer) as warehouse_months_covered,
    cast(p.warehouse_months_in_period as integer) as warehouse_months_in_period,
    cast(p.warehouse_is_complete as {{ dbt.type_boolean() }}) as warehouse_is_complete,
    cast(p.official_value as double) as official_value,
    cast(p.official_tolerance as double) as official_tolerance,
    cast(p.official_cells as integer) as official_cells,
    cast(p.official_source_file as {{ string }}) as official_source_file,
    cast(p.official_source_row as integer) as official_source_row,
    cast(p.official_published_label as {{ string }}) as official_published_label,
    cast(p.reported_value as double) as reported_value,
    cast(p.reported_qualifier as {{ string }}) as reported_qualifier,
    cast(p.reported_claims as integer) as reported_claims,
    cast(p.reported_claim_id as {{ string }}) as reported_claim_id,
    cast(p.reported_document_name as {{ string }}) as reported_document_name,
    cast(p.reported_quote as {{ string }}) as reported_quote,
    cast(p.form_vs_extracts as {{ string }}) as form_vs_extracts,
    cast(p.report_vs_extracts as {{ string }}) as report_vs_extracts,
    cast(p.report_vs_form as {{ string }}) as report_vs_form,
    cast(case when p.form_vs_extracts is not null then p.official_value - p.warehouse_value end as double)
        as official_minus_warehouse,
    cast(case when p.report_vs_extracts is not null then p.reported_value - p.warehouse_value end as double)
        as reported_minus_warehouse,
    cast(case when p.report_vs_form is not null then p.reported_value - p.official_value end as double)
        as reported_minus_official,
    cast(case
        when 'mismatch' in (coalesce(p.form_vs_extracts, ''), coalesce(p.report_vs_extracts, ''),
                            coalesce(p.report_vs_form, '')) then 'mismatch'
        when 'match' in (coalesce(p.form_vs_extracts, ''), coalesce(p.report_vs_extracts, ''),
                         coalesce(p.report_vs_form, '')) then 'match'
        else 'not_comparable'
    end as {{ string }}) as result,
    cast(case
        when p.form_vs_extracts = 'mismatch' then 'form_vs_extracts'
        when p.report_vs_extracts = 'mismatch' then 'report_vs_extracts'
        when p.report_vs_form = 'mismatch' then 'report_vs_form'
        when 'match' in (coalesce(p.form_vs_extracts, ''), coalesce(p.report_vs_extracts, ''),
                         coalesce(p.report_vs_form, '')) then 'agree'
        when p.warehouse_months_covered < p.warehouse_months_in_period then 'period_not_loaded'
        else 'region_not_covered'
    end as {{ string }}) as reason
from paired as p
left join indicators as i
    on i.indicator_code = p.indicator_code
left join regions as rg
    on rg.region_code = p.region_code
   and rg.valid_from <= p.period_end
   and (rg.valid_to is null or p.period_end < rg.valid_to)
