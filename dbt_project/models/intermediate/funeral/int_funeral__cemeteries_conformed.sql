{#- Cemetery registry rows; month = the registry's reporting month; region conformed at the month. -#}
with

staged as (

    select * from {{ ref('stg_funeral__cemeteries') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

conformed as (

    select
        staged._reporting_month as month,
        {{ conformed_region_columns('regions', 'staged.region_code') }},
        staged.cemetery_id,
        staged.cemetery_kind_code,
        staged.approved_date,
        staged.inspection_year,
        staged.inspection_result_code,
        {{ lineage_columns('staged') }}
    from staged
    left join regions
        on {{ region_valid_at_month_join('regions', conform_region_code('staged.region_code'), 'staged._reporting_month') }}

)

select * from conformed
