{#- Village (村委会) and residents' (居委会) committees and their members per region × month of delivery. -#}
with

committees as (

    select * from {{ ref('int_organization__village_committees_conformed') }}

)

select
    region_code,
    month,
    region_valid_at_month,
    sum(village_committees) as village_committees,
    sum(residents_committees) as residents_committees,
    sum(members) as committee_members,
    sum(female_members) as committee_members_female,
    count(*) as source_rows
from committees
group by region_code, month, region_valid_at_month
