with

source as (

    select * from {{ source('raw', 'funeral__funeral_statistics') }}

),

renamed as (

    select
        region_code,
        region_name_zh,
        month,
        deaths,
        cremations,
        eco_burials,

        {{ lineage_columns() }},
        {{ dedupe_rank(['month', 'region_code']) }} as _dedupe_rank

    from source

)

select
    region_code,
    region_name_zh,
    month,
    deaths,
    cremations,
    eco_burials,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
