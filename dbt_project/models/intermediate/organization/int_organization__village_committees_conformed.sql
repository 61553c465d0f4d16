{#- Village/residents' committee rows; month = the delivery's reporting month; region conformed at the month. -#}
with

staged as (

    select * from {{ ref('stg_organization__village_committees') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

conformed as (

    select
        staged._reporting_month as month,
        {{ conformed_region_columns('regions', 'staged.region_code') }},
        staged.village_committees,
        staged.residents_committees,
        staged.members,
        staged.female_members,
        {{ lineage_columns('staged') }}
    from staged
    left join regions
        on {{ region_valid_at_month_join('regions', conform_region_code('staged.region_code'), 'staged._reporting_month') }}

)

select * from conformed
