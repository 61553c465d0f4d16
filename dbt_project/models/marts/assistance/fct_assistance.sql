{{ monthly_incremental('month') }}
{#-
  Grain: region_code × month × program_code. Roster programmes (低保, 特困) count distinct households
  and persons paid; the relief ledger (临时救助, 医疗救助) counts person-times. Amounts in 元.
  With a partition window only the window's months are deleted and appended again.
-#}
{%- set bigint = dbt.type_bigint() -%}

with

roster as (

    select * from {{ ref('int_assistance__roster_monthly') }}
    where {{ window_filter('month') }}

),

relief as (

    select * from {{ ref('int_assistance__relief_ledger_monthly') }}
    where {{ window_filter('month') }}

),

lineage as (

    {{ lineage_by_grain([ref('int_assistance__roster_conformed'), ref('int_assistance__relief_ledger_conformed')],
                        ['region_code', 'month', 'program_code'], where=window_filter('month')) }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

measures as (

    select
        region_code,
        month,
        program_code,
        households,
        persons,
        cast(null as {{ bigint }}) as person_times,
        amount_yuan,
        households_class_a,
        households_class_b,
        persons_class_a,
        persons_class_b,
        persons_unable_self_care
    from roster

    union all

    select
        region_code,
        month,
        program_code,
        cast(null as {{ bigint }}) as households,
        cast(null as {{ bigint }}) as persons,
        person_times,
        amount_yuan,
        cast(null as {{ bigint }}) as households_class_a,
        cast(null as {{ bigint }}) as households_class_b,
        cast(null as {{ bigint }}) as persons_class_a,
        cast(null as {{ bigint }}) as persons_class_b,
        cast(null as {{ bigint }}) as persons_unable_self_care
    from relief

)

select
    measures.region_code,
    measures.month,
    measures.program_code,
    cast(measures.households as {{ bigint }}) as households,
    cast(measures.persons as {{ bigint }}) as persons,
    cast(measures.person_times as {{ bigint }}) as person_times,
    cast(measures.amount_yuan as decimal(18, 2)) as amount_yuan,
    cast(measures.households_class_a as {{ bigint }}) as households_class_a,
    cast(measures.households_class_b as {{ bigint }}) as households_class_b,
    cast(measures.persons_class_a as {{ bigint }}) as persons_class_a,
    cast(measures.persons_class_b as {{ bigint }}) as persons_class_b,
    cast(measures.persons_unable_self_care as {{ bigint }}) as persons_unable_self_care,
    {{ fact_conformance_and_lineage_columns('regions', 'lineage') }}
from measures
inner join lineage
    on lineage.region_code = measures.region_code
    and lineage.month = measures.month
    and lineage.program_code = measures.program_code
left join regions
    on {{ region_valid_at_month_join('regions', 'measures.region_code', 'measures.month') }}
where {{ window_filter('measures.month') }}
