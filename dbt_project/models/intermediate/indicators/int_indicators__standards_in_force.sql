{#-
  The standard in force for each county and month, for every summary indicator of
  indicator_standard_statistics: the standard the county set itself, else its city's, else its
  province's (the deepest region above it that publishes one, int_indicators__standards_monthly),
  with the county's recipients (the rolled-up weight indicator) for a recipient-weighted mean.
  A county is a reporting unit of a summary indicator in a month when it has a standard in force
  (and, for a mean, recipients). A table.
-#}
{{ config(materialized='table') }}

with

statistics as (

    select indicator_code, statistic, standard_code, weight_code
    from {{ ref('indicator_standard_statistics') }}

),

units as (

    select unit_code, month, region_code, region_level
    from {{ ref('int_indicators__units') }}

),

published as (

    select region_code, month, indicator_code, value
    from {{ ref('int_indicators__standards_monthly') }}

),

ranked as (

    select
        u.unit_code,
        u.month,
        p.indicator_code as standard_code,
        p.value,
        u.region_code as set_by_region_code,
        row_number() over (
            partition by u.unit_code, u.month, p.indicator_code
            order by case u.region_level
                when 'county' then 1 when 'city' then 2 when 'province' then 3 else 4 end
        ) as depth_rank
    from units as u
    inner join published as p
        on p.region_code = u.region_code
       and p.month = u.month

),

in_force as (

    select unit_code, month, standard_code, value, set_by_region_code
    from ranked
    where depth_rank = 1

),

weights as (

    select region_code, month, indicator_code, value
    from {{ ref('int_indicators__rolled_monthly') }}
    where indicator_code in (select weight_code from statistics where weight_code is not null)

)

select
    cast(i.unit_code as {{ dbt.type_string() }}) as unit_code,
    cast(i.month as date) as month,
    cast(s.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(s.statistic as {{ dbt.type_string() }}) as statistic,
    cast(i.value as {{ indicator_value_type() }}) as value,
    cast(w.value as {{ indicator_value_type() }}) as weight,
    cast(i.set_by_region_code as {{ dbt.type_string() }}) as set_by_region_code
from in_force as i
inner join statistics as s
    on s.standard_code = i.standard_code
left join weights as w
    on w.region_code = i.unit_code
   and w.month = i.month
   and w.indicator_code = s.weight_code
where s.statistic <> 'mean' or w.value > 0
