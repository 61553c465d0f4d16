{#- One row per month, 2016-01 .. 2030-12. -#}
{%- set first_month = "cast('2016-01-01' as date)" -%}
{%- set end_month = "cast('2031-01-01' as date)" -%}

with

spine as (

    {{ dbt.date_spine(datepart='month', start_date=first_month, end_date=end_month) }}

),

months as (

    select cast(date_month as date) as month
    from spine

),

parts as (

    select
        month,
        {{ date_part_int('year', 'month') }} as year,
        {{ date_part_int('month', 'month') }} as month_of_year
    from months

)

select
    month,
    year,
    cast(floor((month_of_year - 1) / 3) + 1 as integer) as quarter,
    case when month_of_year <= 6 then 1 else 2 end as half,
    month_of_year,
    {{ add_months('month', '-(month_of_year - 1) % 3') }} as quarter_start,
    {{ add_months('month', '-(month_of_year - 1) % 6') }} as half_start,
    {{ add_months('month', '-(month_of_year - 1)') }} as year_start,
    {{ month_end('month') }} as month_end,
    {{ add_months('month', 1) }} as next_month,
    {{ dbt.concat(['cast(year as ' ~ dbt.type_string() ~ ')', "'年'", 'cast(month_of_year as ' ~ dbt.type_string() ~ ')', "'月'"]) }} as label_zh,
    {{ dbt.concat(['cast(year as ' ~ dbt.type_string() ~ ')', "'年第'", 'cast(cast(floor((month_of_year - 1) / 3) + 1 as integer) as ' ~ dbt.type_string() ~ ')', "'季度'"]) }} as quarter_label_zh,
    {{ dbt.concat(['cast(year as ' ~ dbt.type_string() ~ ')', "case when month_of_year <= 6 then '年上半年' else '年下半年' end"]) }} as half_label_zh
from parts
