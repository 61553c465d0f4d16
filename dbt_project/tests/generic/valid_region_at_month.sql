{#- Fails on every row whose region code has no dim_region version valid at its month.
    A version is valid on day d when valid_from <= d < valid_to (valid_to null = open); "valid at
    the month" is judged on the month's last day, the rule the facts conform their codes with.
    With `period_end_column` (periods longer than a month, during which a region may have been
    created or abolished) a version only has to be valid on some day of
    [month_column, period_end_column].
    Rows with a null code or month are not checked here (use not_null). -#}
{% test valid_region_at_month(model, column_name, month_column, period_end_column=none, regions=none) %}
{%- set regions = regions if regions is not none else ref('dim_region') -%}
{%- if period_end_column is none -%}
  {%- set first_day = dbt.last_day('m.' ~ month_column, 'month') -%}
  {%- set last_day = first_day -%}
{%- else -%}
  {%- set first_day = 'm.' ~ month_column -%}
  {%- set last_day = 'm.' ~ period_end_column -%}
{%- endif %}

select m.*
from {{ model }} as m
where m.{{ column_name }} is not null
  and m.{{ month_column }} is not null
  and not exists (
      select 1
      from {{ regions }} as r
      where r.region_code = m.{{ column_name }}
        and r.valid_from <= {{ last_day }}
        and (r.valid_to is null or r.valid_to > {{ first_day }})
  )

{% endtest %}
