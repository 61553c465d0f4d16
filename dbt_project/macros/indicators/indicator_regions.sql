{#-
  Region hierarchy for the indicator roll-up, through the dim_region versions valid at the month.
  Unrolled to a fixed depth instead of a recursive CTE, so that the SQL ports to engines without
  recursion. `regions` is a relation with region_code, parent_code, region_level, valid_from,
  valid_to (dim_region with `level` renamed).
-#}

{% macro indicator_region_levels_list() -%}
  {#- The levels of dim_region, deepest first. -#}
  {{ return(['township', 'county', 'city', 'province', 'national']) }}
{%- endmacro %}


{% macro indicator_region_nodes(pairs, regions, max_depth=5) -%}
  {#- For each (region_code, month) of `pairs` and every ancestor of it: the level, parent and
      parent's level of the version valid at the month (should two versions match, the latest).
      Renders a CTE list ending in `region_nodes` (region_code, month, region_level, parent_code,
      parent_level); codes without a valid version have null level and parent. -#}
  {%- for d in range(0, max_depth + 1) %}
  nodes_{{ d }} as (
    {%- if d == 0 %}
    select distinct region_code, month from {{ pairs }}
    {%- else %}
    select distinct parent_code as region_code, month
    from node_versions_{{ d - 1 }}
    where parent_code is not null and parent_code <> '' and parent_code <> region_code
    {%- endif %}
  ),
  node_versions_{{ d }} as (
    select region_code, month, region_level, parent_code
    from (
      select
        n.region_code,
        n.month,
        r.region_level,
        r.parent_code,
        row_number() over (partition by n.region_code, n.month order by r.valid_from desc) as version_rank
      from nodes_{{ d }} as n
      left join {{ regions }} as r
        on r.region_code = n.region_code
       and {{ indicator_region_valid_at('r', 'n.month') }}
    ) as versions
    where version_rank = 1
  ),
  {%- endfor %}
  node_versions as (
    {%- for d in range(0, max_depth + 1) %}
    {% if not loop.first %}union{% endif %}
    select region_code, month, region_level, parent_code from node_versions_{{ d }}
    {%- endfor %}
  ),
  region_nodes as (
    select
      n.region_code,
      n.month,
      n.region_level,
      n.parent_code,
      p.region_level as parent_level
    from node_versions as n
    left join node_versions as p
      on p.region_code = n.parent_code
     and p.month = n.month
  )
{%- endmacro %}


{% macro indicator_roll_up_regions(base, nodes) -%}
  {#- Sum `base` (region_code, month, indicator_code, value) up the hierarchy of `nodes`
      (indicator_region_nodes), level by level from the deepest: a region's value is its own
      rows plus the values of its direct children, so every region holds the sum over itself and
      all its descendants, each row counted once. Renders a CTE list ending in `rolled`
      (region_code, month, indicator_code, value, region_level); rows of codes without a valid
      version are kept as they are, with a null level and no roll-up. -#}
  {%- set levels = indicator_region_levels_list() %}
  base_mapped as (
    select b.region_code, b.month, b.indicator_code, b.value, n.region_level, n.parent_code, n.parent_level
    from {{ base }} as b
    left join {{ nodes }} as n
      on n.region_code = b.region_code
     and n.month = b.month
  ),
  {%- for level in levels %}
  rolled_{{ level }} as (
    {%- if loop.first %}
    select region_code, month, indicator_code, value, region_level, parent_code, parent_level
    from base_mapped
    where region_level = '{{ level }}'
    {%- else %}
    select s.region_code, s.month, s.indicator_code, s.value, n.region_level, n.parent_code, n.parent_level
    from (
      select region_code, month, indicator_code, sum(value) as value
      from (
        select region_code, month, indicator_code, value
        from base_mapped
        where region_level = '{{ level }}'
        {%- for child in levels[:loop.index0] %}
        union all
        select parent_code as region_code, month, indicator_code, value
        from rolled_{{ child }}
        where parent_level = '{{ level }}'
        {%- endfor %}
      ) as parts
      group by region_code, month, indicator_code
    ) as s
    inner join {{ nodes }} as n
      on n.region_code = s.region_code
     and n.month = s.month
    {%- endif %}
  ),
  {%- endfor %}
  rolled as (
    {%- for level in levels %}
    select region_code, month, indicator_code, value, region_level from rolled_{{ level }}
    union all
    {%- endfor %}
    select region_code, month, indicator_code, value, region_level
    from base_mapped
    where region_level is null
       or region_level not in ({% for l in levels %}'{{ l }}'{% if not loop.last %}, {% endif %}{% endfor %})
  )
{%- endmacro %}
