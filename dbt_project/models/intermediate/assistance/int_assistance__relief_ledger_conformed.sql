{#- Relief-ledger rows with the region conformed at the month (see int_assistance__roster_conformed). -#}
with

staged as (

    select * from {{ ref('stg_assistance__relief_ledger') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

conformed as (

    select
        staged.month as month,
        {{ conformed_region_columns('regions', 'staged.region_code') }},
        staged.program_code,
        staged.person_times,
        staged.amount_yuan,
        {{ lineage_columns('staged') }}
    from staged
    left join regions
        on {{ region_valid_at_month_join('regions', conform_region_code('staged.region_code'), 'staged.month') }}

)

select * from conformed
