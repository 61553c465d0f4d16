with

source as (

    select * from {{ source('raw', 'eldercare__community_services') }}

),

renamed as (

    select
        facility_id,
        facility_name_zh,
        region_code,

        facility_type_zh,
        case facility_type_zh
            when '居家养老服务照料中心' then 'day_care_center'
            when '街道综合养老服务中心' then 'street_service_center'
            when '社区养老服务机构' then 'community_service_org'
            when '助餐点' then 'meal_service_point'
        end as facility_type_code,

        brand_zh,
        opened_date,
        communities_served,

        status_zh,
        case status_zh
            when '运营' then 'operating'
            when '停业' then 'suspended'
        end as status_code,

        {{ lineage_columns() }},
        {{ dedupe_rank(['facility_id']) }} as _dedupe_rank

    from source

)

select
    facility_id,
    facility_name_zh,
    region_code,
    facility_type_zh,
    facility_type_code,
    brand_zh,
    opened_date,
    communities_served,
    status_zh,
    status_code,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
