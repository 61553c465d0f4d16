{#-
  The numeric cells of the published tables (raw.official__statistics), typed: published_value stays
  the number as printed (thousands separators removed), published_number is it as a double. The
  tables are few and small and belong to their own periods: no partition window applies.
-#}
{%- set string = dbt.type_string() -%}

with

source as (

    select * from {{ source('raw', 'official__statistics') }}

)

select
    cast(source_file as {{ string }}) as source_file,
    cast(source_row as integer) as source_row,
    cast(source_column as {{ string }}) as source_column,
    cast(published_label as {{ string }}) as published_label,
    cast(label_norm as {{ string }}) as label_norm,
    cast(parent_label_norm as {{ string }}) as parent_label_norm,
    cast(parent_row as integer) as parent_row,
    cast(is_of_which as boolean) as is_of_which,
    cast(published_value as {{ string }}) as published_value,
    cast(published_value as double) as published_number,
    cast(published_unit as {{ string }}) as published_unit,
    cast(official_code as {{ string }}) as official_code,
    cast(column_role as {{ string }}) as column_role,
    cast(form as {{ string }}) as form,
    cast(title as {{ string }}) as title,
    cast(issuer as {{ string }}) as issuer,
    cast(region_code as {{ string }}) as region_code,
    cast(region_name as {{ string }}) as region_name,
    cast(period_type as {{ string }}) as period_type,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(report_period_type as {{ string }}) as report_period_type,
    cast(report_period_start as date) as report_period_start,
    cast(report_period_end as date) as report_period_end,
    cast(_file_sha256 as {{ string }}) as _file_sha256,
    cast(_loaded_at as timestamp) as _loaded_at
from source
