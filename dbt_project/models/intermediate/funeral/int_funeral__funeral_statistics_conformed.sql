{#- Monthly funeral statistics with the region conformed at the month. -#}
with

staged as (

    select * from {{ ref('stg_funeral__funeral_statistics') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

conformed as (

    select
        staged.month as month,
        {{ conformed_region_columns('regions', 'staged.region_code') }},
        staged.deaths,
        staged.cremations,
        staged.eco_burials,
        {{ lineage_columns('staged') }}
    from staged
    left join regions
        on {{ region_valid_at_month_join('regions', conform_region_code('staged.region_code'), 'staged.month') }}

)

select * from conformed
