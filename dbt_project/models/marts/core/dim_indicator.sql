{#- The indicator catalog (seed indicator_catalog), with the aggregation rules its kind implies. -#}
{{ config(materialized='table') }}

with catalog as (

    select * from {{ ref('indicator_catalog') }}

)

select
    cast(c.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(c.name_zh as {{ dbt.type_string() }}) as name_zh,
    cast(c.name_en as {{ dbt.type_string() }}) as name_en,
    cast(c.domain as {{ dbt.type_string() }}) as domain,
    cast(c.unit as {{ dbt.type_string() }}) as unit,
    cast(c.kind as {{ dbt.type_string() }}) as kind,
    cast(c.numerator_code as {{ dbt.type_string() }}) as numerator_code,
    cast(c.denominator_code as {{ dbt.type_string() }}) as denominator_code,
    cast(c.parent_code as {{ dbt.type_string() }}) as parent_code,
    cast(c.part_group as {{ dbt.type_string() }}) as part_group,
    cast(c.structural_zero as {{ dbt.type_boolean() }}) as structural_zero,
    cast(c.source_model as {{ dbt.type_string() }}) as source_model,
    cast(c.source_measure as {{ dbt.type_string() }}) as source_measure,
    cast(c.source_filter as {{ dbt.type_string() }}) as source_filter,
    cast(case c.kind
        when 'stock' then 'sum'
        when 'flow' then 'sum'
        when 'rate' then 'recompute'
        when 'standard' then 'none'
    end as {{ dbt.type_string() }}) as region_aggregation,
    cast(case c.kind
        when 'stock' then 'last'
        when 'flow' then 'sum'
        when 'rate' then 'recompute'
        when 'standard' then 'in_force'
    end as {{ dbt.type_string() }}) as time_aggregation,
    cast(
        case
            when c.kind = 'rate' then n.source_model is not null and d.source_model is not null
            else c.source_model is not null
        end as {{ dbt.type_boolean() }}
    ) as is_computed,
    cast(c.description as {{ dbt.type_string() }}) as description
from catalog as c
left join catalog as n on n.indicator_code = c.numerator_code
left join catalog as d on d.indicator_code = c.denominator_code
