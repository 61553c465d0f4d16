{#-
  Every numeric cell of the published official tables (<landing>/official/), with the catalog's
  indicator where the label is mapped (seed indicator_phrases: the qualified `<parent>/<label>` phrase
  first, then the bare label; unmapped labels are kept with indicator_code null), and the value in the
  catalog's unit (seed official_units: 万元 → 元, % → fraction, 元/人·年 → 元/人·月). A printed unit
  that the seed does not know gives no value; a cell printed without a unit takes the indicator's
  unit as it is. Rebuilt whole on every run (published tables are few).
-#}
{{ config(materialized='table') }}
{%- set string = dbt.type_string() -%}

with

cells as (

    select * from {{ ref('stg_official__statistics') }}

),

phrases as (

    select phrase, indicator_code
    from {{ ref('indicator_phrases') }}
    where source in ('form', 'both')

),

units as (

    select published_unit, unit, multiply_by, divide_by
    from {{ ref('official_units') }}

),

indicators as (

    select indicator_code, unit
    from {{ ref('dim_indicator') }}

),

mapped as (

    select
        c.*,
        coalesce(qualified.indicator_code, bare.indicator_code) as indicator_code,
        case
            when qualified.indicator_code is not null then 'parent_and_label'
            when bare.indicator_code is not null then 'label'
        end as mapped_by
    from cells as c
    left join phrases as qualified on qualified.phrase = c.parent_label_norm || '/' || c.label_norm
    left join phrases as bare on bare.phrase = c.label_norm

)

select
    cast(m.source_file as {{ string }}) as source_file,
    cast(m.source_row as integer) as source_row,
    cast(m.source_column as {{ string }}) as source_column,
    cast(m.published_label as {{ string }}) as published_label,
    cast(m.parent_label_norm as {{ string }}) as parent_label,
    cast(m.parent_row as integer) as parent_row,
    cast(m.is_of_which as boolean) as is_of_which,
    cast(m.published_value as {{ string }}) as published_value,
    cast(m.published_unit as {{ string }}) as published_unit,
    cast(m.official_code as {{ string }}) as official_code,
    cast(m.column_role as {{ string }}) as column_role,
    cast(m.form as {{ string }}) as form,
    cast(m.region_code as {{ string }}) as region_code,
    cast(m.region_name as {{ string }}) as region_name,
    cast(m.period_type as {{ string }}) as period_type,
    cast(m.period_start as date) as period_start,
    cast(m.period_end as date) as period_end,
    cast(m.report_period_type as {{ string }}) as report_period_type,
    cast(m.report_period_start as date) as report_period_start,
    cast(m.report_period_end as date) as report_period_end,
    cast(m.indicator_code as {{ string }}) as indicator_code,
    cast(m.mapped_by as {{ string }}) as mapped_by,
    cast(
        case
            when m.published_unit is null then m.published_number
            else round(m.published_number * u.multiply_by / u.divide_by, 6)
        end as double
    ) as value,
    cast(
        case
            when m.published_unit is null then i.unit
            else u.unit
        end as {{ string }}
    ) as unit,
    cast(m._file_sha256 as {{ string }}) as file_sha256
from mapped as m
left join units as u on u.published_unit = m.published_unit
left join indicators as i on i.indicator_code = m.indicator_code
