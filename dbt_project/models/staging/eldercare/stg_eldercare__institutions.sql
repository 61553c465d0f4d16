with

source as (

    select * from {{ source('raw', 'eldercare__institutions') }}

),

renamed as (

    select
        institution_id,
        institution_name_zh,
        region_code,

        ownership_zh,
        case ownership_zh
            when '公办' then 'public'
            when '民办' then 'private'
            when '公建民营' then 'public_private'
        end as ownership_code,

        status_zh,
        case status_zh
            when '运营' then 'operating'
            when '停业' then 'suspended'
            when '注销' then 'deregistered'
        end as status_code,

        beds,
        nursing_beds,
        dementia_beds,
        residents,
        certified_caregivers,

        {{ lineage_columns() }},
        {{ dedupe_rank(['institution_id']) }} as _dedupe_rank

    from source

)

select
    institution_id,
    institution_name_zh,
    region_code,
    ownership_zh,
    ownership_code,
    status_zh,
    status_code,
    beds,
    nursing_beds,
    dementia_beds,
    residents,
    certified_caregivers,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
