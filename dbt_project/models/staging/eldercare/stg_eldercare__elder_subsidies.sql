with

source as (

    select * from {{ source('raw', 'eldercare__elder_subsidies') }}

),

renamed as (

    select
        region_code,
        month,

        subsidy_type_zh,
        case subsidy_type_zh
            when '经济困难老年人生活补贴' then 'hardship'
            when '护理补贴' then 'care'
            when '高龄津贴' then 'longevity'
        end as subsidy_type_code,

        persons,
        cast(amount_yuan as decimal(18, 2)) as amount_yuan,

        {{ lineage_columns() }},
        {{ dedupe_rank(['month', 'region_code', 'subsidy_type_zh']) }} as _dedupe_rank

    from source

)

select
    region_code,
    month,
    subsidy_type_zh,
    subsidy_type_code,
    persons,
    amount_yuan,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
