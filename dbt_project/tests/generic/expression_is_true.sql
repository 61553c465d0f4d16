{#- Fails on every row of `model` where `expression` is not true (null counts as a failure).
    `where` optionally restricts the rows checked (dbt's `config: where:` works as well). -#}
{% test expression_is_true(model, expression, where=none) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{%- if where is not none %}
  and ({{ where }})
{%- endif %}

{% endtest %}
