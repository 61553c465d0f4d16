with

source as (

    select * from {{ source('raw', 'funeral__cemeteries') }}

),

renamed as (

    select
        cemetery_id,
        cemetery_name_zh,
        region_code,

        cemetery_kind_zh,
        case cemetery_kind_zh
            when '公益性' then 'public_welfare'
            when '经营性' then 'commercial'
        end as cemetery_kind_code,

        approved_date,
        inspection_year,

        inspection_result_zh,
        case inspection_result_zh
            when '合格' then 'passed'
            when '不合格' then 'failed'
            when '未检' then 'not_inspected'
        end as inspection_result_code,

        {{ lineage_columns() }},
        {{ dedupe_rank(['cemetery_id']) }} as _dedupe_rank

    from source

)

select
    cemetery_id,
    cemetery_name_zh,
    region_code,
    cemetery_kind_zh,
    cemetery_kind_code,
    approved_date,
    inspection_year,
    inspection_result_zh,
    inspection_result_code,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
