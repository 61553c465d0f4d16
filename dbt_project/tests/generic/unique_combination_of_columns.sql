{#- Fails on every combination of `combination_of_columns` that occurs more than once. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

select
    {% for c in combination_of_columns %}{{ c }}, {% endfor %}
    count(*) as occurrences
from {{ model }}
group by {% for c in combination_of_columns %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}
having count(*) > 1

{% endtest %}
