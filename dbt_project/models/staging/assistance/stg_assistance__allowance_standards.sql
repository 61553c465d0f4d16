{#-
  Standards stay in force until replaced: like every staging model this one keeps the whole history
  (the standard in force in a window may have been delivered years earlier).
-#}
with

source as (

    select * from {{ source('raw', 'assistance__allowance_standards') }}

),

renamed as (

    select
        region_code,

        standard_type_zh,
        case standard_type_zh
            when '城市低保标准' then 'dibao_urban_standard'
            when '农村低保标准' then 'dibao_rural_standard'
            when '低保边缘标准' then 'near_poverty_standard'
            when '特困供养标准' then 'tekun_standard'
        end as standard_type_code,

        cast(amount_yuan_per_person_month as decimal(18, 2)) as amount_yuan_per_person_month,
        unit_zh as unit_reported_zh,
        effective_date,

        {{ lineage_columns() }},
        {{ dedupe_rank(['region_code', 'standard_type_zh', 'effective_date']) }} as _dedupe_rank

    from source

)

select
    region_code,
    standard_type_zh,
    standard_type_code,
    amount_yuan_per_person_month,
    unit_reported_zh,
    effective_date,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
