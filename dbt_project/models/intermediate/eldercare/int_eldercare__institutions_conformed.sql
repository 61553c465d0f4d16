{#- Institution snapshot rows; month = the snapshot's reporting month; region conformed at the month. -#}
with

staged as (

    select * from {{ ref('stg_eldercare__institutions') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

conformed as (

    select
        staged._reporting_month as month,
        {{ conformed_region_columns('regions', 'staged.region_code') }},
        staged.institution_id,
        staged.ownership_code,
        staged.status_code,
        staged.beds,
        staged.nursing_beds,
        staged.dementia_beds,
        staged.residents,
        staged.certified_caregivers,
        {{ lineage_columns('staged') }}
    from staged
    left join regions
        on {{ region_valid_at_month_join('regions', conform_region_code('staged.region_code'), 'staged._reporting_month') }}

)

select * from conformed
