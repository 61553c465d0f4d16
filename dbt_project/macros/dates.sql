{#- Portable month arithmetic on first-of-month dates (results are dates, not timestamps). -#}

{% macro add_months(date_expr, n) -%}
    cast({{ dbt.dateadd('month', n, date_expr) }} as date)
{%- endmacro %}

{% macro month_end(month_expr) -%}
    cast({{ dbt.last_day(month_expr, 'month') }} as date)
{%- endmacro %}

{% macro month_start(date_expr) -%}
    cast({{ dbt.date_trunc('month', date_expr) }} as date)
{%- endmacro %}

{#- date_expr falls within the month that starts at month_expr -#}
{% macro in_month(date_expr, month_expr) -%}
    ({{ date_expr }} >= {{ month_expr }} and {{ date_expr }} < {{ add_months(month_expr, 1) }})
{%- endmacro %}

{#- year / month / day of a date as an integer (extract is ANSI and runs on DuckDB and Spark) -#}
{% macro date_part_int(part, date_expr) -%}
    cast(extract({{ part }} from {{ date_expr }}) as integer)
{%- endmacro %}
