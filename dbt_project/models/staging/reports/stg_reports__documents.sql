{#-
  Report documents as loaded. raw.reports__documents is created by the reports asset: before it has
  ever run the table does not exist, and this model is empty (typed) instead of failing.
-#}
{%- set src = source('raw', 'reports__documents') -%}
{%- set exists = relation_exists(src) -%}
{%- set string = dbt.type_string() -%}

with

source as (

{%- if exists %}
    select * from {{ src }}
{%- else %}
    select
        cast(null as {{ string }}) as document_sha256,
        cast(null as {{ string }}) as document_name,
        cast(null as {{ string }}) as path,
        cast(null as {{ string }}) as origin,
        cast(null as {{ string }}) as encoding,
        cast(null as {{ string }}) as title,
        cast(null as {{ string }}) as region_code,
        cast(null as {{ string }}) as region_name,
        cast(null as {{ string }}) as region_level,
        cast(null as {{ string }}) as region_method,
        cast(null as {{ string }}) as region_evidence,
        cast(null as {{ string }}) as period_type,
        cast(null as date) as period_start,
        cast(null as date) as period_end,
        cast(null as integer) as chars,
        cast(null as integer) as claims,
        cast(null as {{ string }}) as status,
        cast(null as {{ string }}) as reason,
        cast(null as {{ string }}) as fingerprint,
        cast(null as timestamp) as _loaded_at,
        cast(null as {{ string }}) as _run_id
    where 1 = 0
{%- endif %}

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
