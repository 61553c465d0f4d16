{#- Community-facility snapshot rows; month = the snapshot's reporting month; region conformed at the month. -#}
with

staged as (

    select * from {{ ref('stg_eldercare__community_services') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

conformed as (

    select
        staged._reporting_month as month,
        {{ conformed_region_columns('regions', 'staged.region_code') }},
        staged.facility_id,
        staged.facility_type_code,
        staged.status_code,
        staged.brand_zh,
        staged.opened_date,
        staged.communities_served,
        {{ lineage_columns('staged') }}
    from staged
    left join regions
        on {{ region_valid_at_month_join('regions', conform_region_code('staged.region_code'), 'staged._reporting_month') }}

)

select * from conformed
