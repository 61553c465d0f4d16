{#- One row per day, 2016-01-01 .. 2030-12-31: MetricFlow's time spine at day grain (dbt requires
    one at day grain or finer), the same range as dim_month, the facts' own grain. -#}
{%- set first_day = "cast('2016-01-01' as date)" -%}
{%- set end_day = "cast('2031-01-01' as date)" -%}

with

spine as (

    {{ dbt.date_spine(datepart='day', start_date=first_day, end_date=end_day) }}

)

select cast(date_day as date) as date_day
from spine
