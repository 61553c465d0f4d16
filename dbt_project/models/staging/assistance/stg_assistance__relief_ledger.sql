with

source as (

    select * from {{ source('raw', 'assistance__relief_ledger') }}

),

renamed as (

    select
        region_code,
        region_name_zh,
        month,

        relief_type_zh,
        case relief_type_zh
            when '临时救助' then 'temporary'
            when '医疗救助' then 'medical'
        end as program_code,

        person_times,
        cast(amount_yuan as decimal(18, 2)) as amount_yuan,

        {{ lineage_columns() }},
        {{ dedupe_rank(['month', 'region_code', 'relief_type_zh']) }} as _dedupe_rank

    from source

)

select
    region_code,
    region_name_zh,
    month,
    relief_type_zh,
    program_code,
    person_times,
    amount_yuan,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
