{#-
  Date arithmetic on Spark. dbt-spark's dateadd goes through unix timestamps, keeps a clock
  component and raises (assert_not_null) on a null date; every use in this project is on dates
  (first-of-month dates, effective dates, period starts), where Spark's own date functions are exact
  and null-safe like DuckDB's. These implementations are picked by adapter.dispatch('dateadd', 'dbt')
  (the root project is searched before dbt-spark), so models keep calling dbt.dateadd / dbt.last_day.
  Results are dates; every caller casts to date anyway (DuckDB's date + interval is a timestamp).
-#}

{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- if datepart in ['month', 'quarter', 'year'] -%}
        {%- set multiplier = {'month': 1, 'quarter': 3, 'year': 12}[datepart] -%}
        add_months(cast({{ from_date_or_timestamp }} as date), cast(({{ interval }}) * {{ multiplier }} as int))
    {%- elif datepart in ['day', 'week'] -%}
        {%- set multiplier = 7 if datepart == 'week' else 1 -%}
        date_add(cast({{ from_date_or_timestamp }} as date), cast(({{ interval }}) * {{ multiplier }} as int))
    {%- else -%}
        {{ exceptions.raise_compiler_error("spark__dateadd: datepart " ~ datepart ~ " is not used on dates in this project") }}
    {%- endif -%}
{%- endmacro %}

{% macro spark__last_day(date, datepart) -%}
    {%- if datepart == 'month' -%}
        last_day(cast({{ date }} as date))
    {%- else -%}
        cast(date_add(add_months(cast({{ dbt.date_trunc(datepart, date) }} as date), {{ {'quarter': 3, 'year': 12}[datepart] }}), -1) as date)
    {%- endif -%}
{%- endmacro %}
