{#- Grave-remediation ledger rows; month = the ledger's reporting month; region conformed at the month. -#}
with

staged as (

    select * from {{ ref('stg_funeral__grave_remediation') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

conformed as (

    select
        staged._reporting_month as month,
        {{ conformed_region_columns('regions', 'staged.region_code') }},
        staged.grave_id,
        staged.grave_type_code,
        staged.identified_date,
        staged.remediated_date,
        {{ lineage_columns('staged') }}
    from staged
    left join regions
        on {{ region_valid_at_month_join('regions', conform_region_code('staged.region_code'), 'staged._reporting_month') }}

)

select * from conformed
