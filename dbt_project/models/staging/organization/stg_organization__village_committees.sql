with

source as (

    select * from {{ source('raw', 'organization__village_committees') }}

),

renamed as (

    select
        region_code,
        region_name_zh,
        village_committees,
        residents_committees,
        members,
        female_members,

        {{ lineage_columns() }},
        {{ dedupe_rank(['region_code']) }} as _dedupe_rank

    from source

)

select
    region_code,
    region_name_zh,
    village_committees,
    residents_committees,
    members,
    female_members,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
