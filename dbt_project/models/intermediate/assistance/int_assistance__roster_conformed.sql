{#- Roster rows with the month and the region conformed: region_code is the delivered code at county or township level (villages roll up to their township), region_valid_at_month flags codes without a dim_region version at the month (kept, not dropped). -#}
with

staged as (

    select * from {{ ref('stg_assistance__roster') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

conformed as (

    select
        staged.pay_month as month,
        {{ conformed_region_columns('regions', 'staged.region_code') }},
        staged.program_code,
        staged.household_id,
        staged.person_pseudonym,
        staged.household_class_code,
        staged.self_care_code,
        staged.household_size,
        staged.amount_yuan,
        {{ lineage_columns('staged') }}
    from staged
    left join regions
        on {{ region_valid_at_month_join('regions', conform_region_code('staged.region_code'), 'staged.pay_month') }}

)

select * from conformed
