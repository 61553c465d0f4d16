{#-
  Indicator claims of the work reports, as loaded by the reports asset. The asset runs in every build,
  so the raw table exists whenever dbt runs (like every raw table).
  Claims are not monthly: no partition window applies.
-#}
{%- set string = dbt.type_string() -%}

with

source as (

    select * from {{ source('raw', 'reports__claims') }}

)

select
    cast(claim_id as {{ string }}) as claim_id,
    cast(document_sha256 as {{ string }}) as document_sha256,
    cast(document_name as {{ string }}) as document_name,
    cast(region_code as {{ string }}) as region_code,
    cast(region_name as {{ string }}) as region_name,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(as_of as date) as as_of_date,
    cast(time_basis as {{ string }}) as time_basis,
    cast(indicator_code as {{ string }}) as indicator_code,
    cast(indicator_phrase as {{ string }}) as indicator_phrase,
    cast(domain as {{ string }}) as indicator_domain,
    cast(value as double) as value,
    cast(unit as {{ string }}) as unit,
    cast(raw_value as {{ string }}) as raw_value,
    cast(raw_unit as {{ string }}) as raw_unit,
    cast(qualifier as {{ string }}) as qualifier,
    cast(rounding as double) as rounding,
    cast(upper_bound as double) as upper_bound,
    cast(status as {{ string }}) as status,
    cast(breakdown as {{ string }}) as breakdown,
    cast(coalesce(breakdown_in_code, false) as boolean) as breakdown_in_code,
    cast(quote as {{ string }}) as quote,
    cast(quote_start as integer) as quote_start,
    cast(quote_end as integer) as quote_end,
    cast(value_start as integer) as value_start,
    cast(value_end as integer) as value_end,
    cast(sentence_index as integer) as sentence_index,
    cast(extractor_version as {{ string }}) as extractor_version,
    cast(_source_file as {{ string }}) as _source_file,
    cast(_loaded_at as timestamp) as _loaded_at,
    cast(_run_id as {{ string }}) as _run_id
from source
