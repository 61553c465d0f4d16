with

source as (

    select * from {{ source('raw', 'funeral__grave_remediation') }}

),

renamed as (

    select
        grave_id,
        region_code,

        grave_type_zh,
        case grave_type_zh
            when '私墓' then 'private_grave'
            when '墓地' then 'burial_site'
        end as grave_type_code,

        campaign_zh,
        identified_date,
        remediated_date,

        {{ lineage_columns() }},
        {{ dedupe_rank(['grave_id']) }} as _dedupe_rank

    from source

)

select
    grave_id,
    region_code,
    grave_type_zh,
    grave_type_code,
    campaign_zh,
    identified_date,
    remediated_date,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
