{#- Social organizations per region × month from the month-end registry. Stocks count active (正常)
    organizations; registrations, deregistrations (注销), revocations (撤销) and charity recognitions
    count dates within the month; inspections count every row of the registry with a result other
    than 未参检. -#}
with

orgs as (

    select * from {{ ref('int_organization__social_orgs_conformed') }}

)

select
    region_code,
    month,
    region_valid_at_month,
    count(distinct case when status_code = 'active' then credit_code end) as social_orgs,
    count(distinct case when status_code = 'active' and org_type_code = 'social_group' then credit_code end) as social_groups,
    count(distinct case when status_code = 'active' and org_type_code = 'social_service_org' then credit_code end) as social_service_orgs,
    count(distinct case when status_code = 'active' and org_type_code = 'foundation' then credit_code end) as foundations,
    count(distinct case when {{ in_month('registered_date', 'month') }} then credit_code end) as orgs_registered_in_month,
    count(distinct case when status_code = 'deregistered' and {{ in_month('closed_date', 'month') }} then credit_code end) as orgs_deregistered_in_month,
    count(distinct case when status_code = 'revoked' and {{ in_month('closed_date', 'month') }} then credit_code end) as orgs_revoked_in_month,
    count(distinct case when status_code = 'active' and evaluation_grade is not null then credit_code end) as orgs_rated,
    count(distinct case when inspection_result_code is not null and inspection_result_code <> 'not_inspected' then credit_code end) as orgs_inspected,
    count(distinct case when inspection_result_code = 'passed' then credit_code end) as orgs_inspection_passed,
    count(distinct case when status_code = 'active' and is_charity then credit_code end) as charities,
    count(distinct case when is_charity and {{ in_month('charity_recognized_date', 'month') }} then credit_code end) as charities_recognized_in_month,
    count(*) as source_rows
from orgs
group by region_code, month, region_valid_at_month
