{#- A rate row equals its numerator row / its denominator row (`indicators`: dim_indicator),
    checked at the same region and period wherever both component rows cover exactly the
    rate's months (and, for stocks, the same as_of_month), i.e. where the components were
    reported for the same months. Guards the recomputation: rates are never summed or averaged. -#}
{% test rate_equals_components(model, indicators, tolerance=0.000001) %}

with rates as (

    select indicator_code, numerator_code, denominator_code
    from {{ indicators }}
    where kind = 'rate'

)

select
    r.*,
    n.value as numerator_value,
    d.value as denominator_value
from {{ model }} as r
inner join rates as c on c.indicator_code = r.indicator_code
inner join {{ model }} as n
    on n.indicator_code = c.numerator_code
   and n.region_code = r.region_code
   and n.period_type = r.period_type
   and n.period_start = r.period_start
inner join {{ model }} as d
    on d.indicator_code = c.denominator_code
   and d.region_code = r.region_code
   and d.period_type = r.period_type
   and d.period_start = r.period_start
where n.months_covered = r.months_covered
  and d.months_covered = r.months_covered
  and coalesce(n.as_of_month, r.as_of_month, cast('1900-01-01' as date)) = coalesce(r.as_of_month, cast('1900-01-01' as date))
  and coalesce(d.as_of_month, r.as_of_month, cast('1900-01-01' as date)) = coalesce(r.as_of_month, cast('1900-01-01' as date))
  and (d.value = 0 or abs(r.value - n.value / d.value) > {{ tolerance }} * greatest(1, abs(r.value)))

{% endtest %}
