{#-
  Report documents as loaded. raw.reports__documents is created by the reports asset, which runs in
  every build (like every raw table).
-#}
{%- set string = dbt.type_string() -%}

with

source as (

    select * from {{ source('raw', 'reports__documents') }}

)

select
    cast(document_sha256 as {{ string }}) as document_sha256,
    cast(document_name as {{ string }}) as document_name,
    cast(path as {{ string }}) as document_path,
    cast(origin as {{ string }}) as document_origin,
    cast(encoding as {{ string }}) as document_encoding,
    cast(title as {{ string }}) as document_title,
    cast(region_code as {{ string }}) as region_code,
    cast(region_name as {{ string }}) as region_name,
    cast(region_level as {{ string }}) as region_level,
    cast(region_method as {{ string }}) as region_method,
    cast(region_evidence as {{ string }}) as region_evidence,
    cast(period_type as {{ string }}) as period_type,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(chars as integer) as chars,
    cast(claims as integer) as claims,
    cast(status as {{ string }}) as status,
    cast(reason as {{ string }}) as reason,
    cast(fingerprint as {{ string }}) as extractor_fingerprint,
    cast(_loaded_at as timestamp) as _loaded_at,
    cast(_run_id as {{ string }}) as _run_id
from source
