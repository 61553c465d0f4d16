{#- Elder-subsidy rows with the region conformed at the month. -#}
with

staged as (

    select * from {{ ref('stg_eldercare__elder_subsidies') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

conformed as (

    select
        staged.month as month,
        {{ conformed_region_columns('regions', 'staged.region_code') }},
        staged.subsidy_type_code,
        staged.persons,
        staged.amount_yuan,
        {{ lineage_columns('staged') }}
    from staged
    left join regions
        on {{ region_valid_at_month_join('regions', conform_region_code('staged.region_code'), 'staged.month') }}

)

select * from conformed
