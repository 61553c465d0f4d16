-- Nothing is lost or double counted between staging and the facts: per month present in staging
-- (the partition window when one is set), the facts' amounts, counts and lineage rows equal the
-- staged (deduplicated) rows. Conforming region codes never drops a row.
with staged as (

    select 'assistance_amount' as measure, pay_month as month, sum(amount_yuan) as value
    from {{ ref('stg_assistance__roster') }} group by pay_month
    union all
    select 'assistance_amount', month, sum(amount_yuan)
    from {{ ref('stg_assistance__relief_ledger') }} group by month
    union all
    select 'assistance_rows', pay_month, count(*) from {{ ref('stg_assistance__roster') }} group by pay_month
    union all
    select 'assistance_rows', month, count(*) from {{ ref('stg_assistance__relief_ledger') }} group by month
    union all
    select 'funeral_deaths', month, sum(deaths) from {{ ref('stg_funeral__funeral_statistics') }} group by month
    union all
    select 'eldercare_subsidy_amount', month, sum(amount_yuan) from {{ ref('stg_eldercare__elder_subsidies') }} group by month
    union all
    select 'eldercare_rows', _reporting_month, count(*) from {{ ref('stg_eldercare__institutions') }} group by _reporting_month
    union all
    select 'eldercare_rows', _reporting_month, count(*) from {{ ref('stg_eldercare__community_services') }} group by _reporting_month
    union all
    select 'eldercare_rows', month, count(*) from {{ ref('stg_eldercare__elder_subsidies') }} group by month
    union all
    select 'organization_rows', _reporting_month, count(*) from {{ ref('stg_organization__social_orgs') }} group by _reporting_month
    union all
    select 'organization_rows', _reporting_month, count(*) from {{ ref('stg_organization__village_committees') }} group by _reporting_month
    union all
    select 'committee_members', _reporting_month, sum(members) from {{ ref('stg_organization__village_committees') }} group by _reporting_month

),

staged_totals as (

    select measure, month, sum(value) as value from staged group by measure, month

),

fact as (

    select 'assistance_amount' as measure, month, sum(amount_yuan) as value
    from {{ ref('fct_assistance') }} group by month
    union all
    select 'assistance_rows', month, sum(source_rows) from {{ ref('fct_assistance') }} group by month
    union all
    select 'funeral_deaths', month, sum(deaths) from {{ ref('fct_funeral') }} group by month
    union all
    select 'eldercare_subsidy_amount', month,
        sum(coalesce(subsidy_hardship_amount_yuan, 0) + coalesce(subsidy_care_amount_yuan, 0) + coalesce(subsidy_longevity_amount_yuan, 0))
    from {{ ref('fct_eldercare') }} group by month
    union all
    select 'eldercare_rows', month, sum(source_rows) from {{ ref('fct_eldercare') }} group by month
    union all
    select 'organization_rows', month, sum(source_rows) from {{ ref('fct_organization') }} group by month
    union all
    select 'committee_members', month, sum(committee_members) from {{ ref('fct_organization') }} group by month

)

select
    s.measure,
    s.month,
    s.value as staged_value,
    f.value as fact_value
from staged_totals as s
left join fact as f
    on f.measure = s.measure
    and f.month = s.month
where f.value is null
    or abs(cast(s.value as decimal(38, 2)) - cast(f.value as decimal(38, 2))) > 0.005
