{#-
  One row per claim of the work reports (contract: docs/reports.md), with its provenance: the
  document (sha256, name, path), the character offsets of the quote and of the figure, and the
  quote itself. Indicator names and domains from dim_indicator; the region's name and level from
  dim_region valid at the end of the claim's period. Rebuilt whole on every run (reports are few).
-#}
{{ config(materialized='table') }}
{%- set string = dbt.type_string() -%}

with

claims as (

    select * from {{ ref('stg_reports__claims') }}

),

documents as (

    select * from {{ ref('stg_reports__documents') }}
    where status = 'loaded'

),

indicators as (

    select indicator_code, name_zh, domain, kind
    from {{ ref('dim_indicator') }}

),

regions as (

    select region_code, name_zh, level, valid_from, valid_to
    from {{ ref('dim_region') }}

)

select
    cast(c.claim_id as {{ string }}) as claim_id,
    cast(c.document_sha256 as {{ string }}) as document_sha256,
    cast(coalesce(d.document_name, c.document_name) as {{ string }}) as document_name,
    cast(d.document_path as {{ string }}) as document_path,
    cast(d.document_origin as {{ string }}) as document_origin,
    cast(c.region_code as {{ string }}) as region_code,
    cast(coalesce(r.name_zh, c.region_name) as {{ string }}) as region_name,
    cast(r.level as {{ string }}) as region_level,
    cast(c.period_start as date) as period_start,
    cast(c.period_end as date) as period_end,
    cast(c.as_of_date as date) as as_of_date,
    cast(c.time_basis as {{ string }}) as time_basis,
    cast(c.indicator_code as {{ string }}) as indicator_code,
    cast(i.name_zh as {{ string }}) as indicator_name_zh,
    cast(c.indicator_phrase as {{ string }}) as indicator_phrase,
    cast(coalesce(i.domain, c.indicator_domain) as {{ string }}) as domain,
    cast(i.kind as {{ string }}) as indicator_kind,
    cast(c.indicator_code is not null as {{ dbt.type_boolean() }}) as is_mapped,
    cast(c.value as double) as value,
    cast(c.unit as {{ string }}) as unit,
    cast(c.raw_value as {{ string }}) as raw_value,
    cast(c.raw_unit as {{ string }}) as raw_unit,
    cast(c.qualifier as {{ string }}) as qualifier,
    cast(c.rounding as double) as rounding,
    cast(c.upper_bound as double) as upper_bound,
    cast(c.status as {{ string }}) as status,
    cast(c.breakdown as {{ string }}) as breakdown,
    cast(c.breakdown_in_code as {{ dbt.type_boolean() }}) as breakdown_in_code,
    cast(c.quote as {{ string }}) as quote,
    cast(c.quote_start as integer) as quote_start,
    cast(c.quote_end as integer) as quote_end,
    cast(c.value_start as integer) as value_start,
    cast(c.value_end as integer) as value_end,
    cast(c.extractor_version as {{ string }}) as extractor_version,
    cast(c._loaded_at as timestamp) as loaded_at
from claims as c
inner join documents as d
    on d.document_sha256 = c.document_sha256
left join indicators as i
    on i.indicator_code = c.indicator_code
left join regions as r
    on r.region_code = c.region_code
   and r.valid_from <= c.period_end
   and (r.valid_to is null or c.period_end < r.valid_to)
