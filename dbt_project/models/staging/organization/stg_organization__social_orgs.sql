with

source as (

    select * from {{ source('raw', 'organization__social_orgs') }}

),

renamed as (

    select
        credit_code,
        org_name_zh,
        region_code,

        org_type_zh,
        case org_type_zh
            when '社会团体' then 'social_group'
            when '社会服务机构' then 'social_service_org'
            when '基金会' then 'foundation'
        end as org_type_code,

        registered_date,

        status_zh,
        case status_zh
            when '正常' then 'active'
            when '注销' then 'deregistered'
            when '撤销' then 'revoked'
        end as status_code,

        closed_date,
        evaluation_grade,

        inspection_result_zh,
        case inspection_result_zh
            when '合格' then 'passed'
            when '基本合格' then 'basically_passed'
            when '不合格' then 'failed'
            when '未参检' then 'not_inspected'
        end as inspection_result_code,

        is_charity,
        charity_recognized_date,

        {{ lineage_columns() }},
        {{ dedupe_rank(['credit_code']) }} as _dedupe_rank

    from source

)

select
    credit_code,
    org_name_zh,
    region_code,
    org_type_zh,
    org_type_code,
    registered_date,
    status_zh,
    status_code,
    closed_date,
    evaluation_grade,
    inspection_result_zh,
    inspection_result_code,
    is_charity,
    charity_recognized_date,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
