{#- Part sums against totals, driven by the indicator catalog (`indicators`: dim_indicator).
    For every indicator with a parent_code, at the same region and period:
      * parts sharing (parent_code, part_group) partition their parent: their sum equals it
        (城市 + 农村 = 城乡, 集中 + 分散 = 特困, types = all 社会组织, ...);
      * a part without part_group is a subset: it is at most its parent (护理型床位 <= 床位).
    A group is compared only where every part covers the same months and (stocks) the same
    as_of_month as its parent; otherwise the values refer to different dates. A part whose
    parent has no row at all fails.
    `part_groups` / `exclude_part_groups` restrict the check to some part groups (e.g. to give a
    partition that only holds where the source states it a different severity). -#}
{% test part_sum_equals_total(model, indicators, tolerance=0.01, part_groups=none, exclude_part_groups=none) %}

with parts_catalog as (

    select c.indicator_code, c.parent_code, c.part_group
    from {{ indicators }} as c
    -- both computed from the facts (report-only indicators have no values)
    inner join {{ indicators }} as p
        on p.indicator_code = c.parent_code
       and p.source_model is not null
    where c.parent_code is not null
      and c.source_model is not null
    {%- if part_groups is not none %}
      and c.part_group in ({% for g in part_groups %}'{{ g }}'{% if not loop.last %}, {% endif %}{% endfor %})
    {%- endif %}
    {%- if exclude_part_groups is not none and exclude_part_groups | length > 0 %}
      and (c.part_group is null or c.part_group not in ({% for g in exclude_part_groups %}'{{ g }}'{% if not loop.last %}, {% endif %}{% endfor %}))
    {%- endif %}

),

parts as (

    select
        v.region_code,
        v.period_type,
        v.period_start,
        c.parent_code,
        coalesce(c.part_group, c.indicator_code) as part_group,
        max(case when c.part_group is null then 0 else 1 end) as is_partition,
        sum(v.value) as parts_value,
        count(*) as parts,
        min(v.months_covered) as min_months_covered,
        max(v.months_covered) as max_months_covered,
        min(coalesce(v.as_of_month, cast('1900-01-01' as date))) as min_as_of_month,
        max(coalesce(v.as_of_month, cast('1900-01-01' as date))) as max_as_of_month
    from {{ model }} as v
    inner join parts_catalog as c on c.indicator_code = v.indicator_code
    group by v.region_code, v.period_type, v.period_start, c.parent_code,
             coalesce(c.part_group, c.indicator_code)

)

select
    p.*,
    t.value as total_value
from parts as p
left join {{ model }} as t
    on t.indicator_code = p.parent_code
   and t.region_code = p.region_code
   and t.period_type = p.period_type
   and t.period_start = p.period_start
where t.indicator_code is null
   or (
        p.min_months_covered = t.months_covered
    and p.max_months_covered = t.months_covered
    and p.min_as_of_month = coalesce(t.as_of_month, cast('1900-01-01' as date))
    and p.max_as_of_month = coalesce(t.as_of_month, cast('1900-01-01' as date))
    and (
            (p.is_partition = 1 and abs(p.parts_value - t.value) > {{ tolerance }})
         or (p.is_partition = 0 and p.parts_value > t.value + {{ tolerance }})
    )
   )

{% endtest %}
