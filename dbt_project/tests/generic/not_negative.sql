{#- Fails on every row where `column_name` is below zero (null passes: use not_null for that). -#}
{% test not_negative(model, column_name) %}

select *
from {{ model }}
where {{ column_name }} < 0

{% endtest %}
