{#- Grave remediation per region × month from the month-end ledger: 私墓 (private graves) and 墓地
    (burial sites) identified / remediated on or before the month end (stocks), and private graves
    remediated within the month (flow). -#}
with

graves as (

    select
        *,
        {{ month_end('month') }} as month_end_date
    from {{ ref('int_funeral__grave_remediation_conformed') }}

)

select
    region_code,
    month,
    region_valid_at_month,
    count(distinct case when grave_type_code = 'private_grave' and identified_date <= month_end_date then grave_id end) as graves_identified,
    count(distinct case when grave_type_code = 'private_grave' and remediated_date <= month_end_date then grave_id end) as graves_remediated,
    count(distinct case when grave_type_code = 'burial_site' and identified_date <= month_end_date then grave_id end) as burial_sites_identified,
    count(distinct case when grave_type_code = 'burial_site' and remediated_date <= month_end_date then grave_id end) as burial_sites_remediated,
    count(distinct case when grave_type_code = 'private_grave' and {{ in_month('remediated_date', 'month') }} then grave_id end) as graves_remediated_in_month,
    count(*) as source_rows
from graves
group by region_code, month, region_valid_at_month
