{#- Structural rules of the indicator catalog (seed indicator_catalog or dim_indicator).
    Returns one row per violation with the rule broken. -#}
{% test indicator_catalog_is_consistent(model) %}

with catalog as (

    select * from {{ model }}

),

violations as (

    -- a stock/flow/standard is computed from a fact (source_model and source_measure) or is
    -- report-only (neither: work reports state it, no business extract measures it)
    select indicator_code, 'stock/flow/standard needs both source_model and source_measure, or neither (report-only)' as rule
    from catalog
    where kind in ('stock', 'flow', 'standard')
      and ((source_model is null) <> (source_measure is null))

    union all
    select indicator_code, 'a report-only indicator has no source_filter'
    from catalog
    where source_model is null and source_measure is null and source_filter is not null

    union all
    select indicator_code, 'only a rate has numerator_code and denominator_code'
    from catalog
    where kind <> 'rate' and (numerator_code is not null or denominator_code is not null)

    union all
    select indicator_code, 'a rate needs numerator_code and denominator_code and no source'
    from catalog
    where kind = 'rate'
      and (numerator_code is null or denominator_code is null or source_model is not null
           or source_measure is not null or source_filter is not null)

    union all
    select r.indicator_code, 'rate numerator/denominator must be an existing stock or flow indicator'
    from catalog as r
    left join catalog as n on n.indicator_code = r.numerator_code
    left join catalog as d on d.indicator_code = r.denominator_code
    where r.kind = 'rate'
      and (n.kind is null or d.kind is null
           or n.kind not in ('stock', 'flow') or d.kind not in ('stock', 'flow')
           or r.numerator_code = r.denominator_code)

    union all
    select indicator_code, 'a standard is in 元/人·月'
    from catalog
    where kind = 'standard' and unit <> '元/人·月'

    union all
    select indicator_code, 'a ratio is a rate'
    from catalog
    where unit = 'ratio' and kind <> 'rate'

    union all
    select c.indicator_code, 'parent_code must be an existing indicator of the same kind (stock or flow) and unit'
    from catalog as c
    left join catalog as p on p.indicator_code = c.parent_code
    where c.parent_code is not null
      and (p.indicator_code is null or p.kind <> c.kind or p.unit <> c.unit
           or c.kind not in ('stock', 'flow') or c.parent_code = c.indicator_code)

    union all
    select c.indicator_code, 'structural_zero needs a parent measured by the same source_model and source_measure'
    from catalog as c
    left join catalog as p on p.indicator_code = c.parent_code
    where c.structural_zero
      and (p.indicator_code is null or p.source_model <> c.source_model or p.source_measure <> c.source_measure)

    union all
    select indicator_code, 'part_group needs a parent_code'
    from catalog
    where part_group is not null and parent_code is null

)

select * from violations

{% endtest %}
