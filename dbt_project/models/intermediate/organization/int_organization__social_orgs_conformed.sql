{#- Social-organization registry rows; month = the registry's reporting month; region conformed at the month. -#}
with

staged as (

    select * from {{ ref('stg_organization__social_orgs') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

conformed as (

    select
        staged._reporting_month as month,
        {{ conformed_region_columns('regions', 'staged.region_code') }},
        staged.credit_code,
        staged.org_type_code,
        staged.status_code,
        staged.registered_date,
        staged.closed_date,
        staged.evaluation_grade,
        staged.inspection_result_code,
        staged.is_charity,
        staged.charity_recognized_date,
        {{ lineage_columns('staged') }}
    from staged
    left join regions
        on {{ region_valid_at_month_join('regions', conform_region_code('staged.region_code'), 'staged._reporting_month') }}

)

select * from conformed
