{{ monthly_incremental('month') }}
{#- A table, incremental by month: its count-distinct aggregation over the roster is computed once per window, not by each test and reader. -#}
{#- Roster aggregated per region × month × programme: distinct households and persons paid, amount,
    分类施保 class A/B and (特困) persons unable to care for themselves. -#}
with

roster as (

    select * from {{ ref('int_assistance__roster_conformed') }}
    where {{ window_filter('month') }}

)

select
    region_code,
    month,
    program_code,
    region_valid_at_month,
    count(distinct household_id) as households,
    count(distinct person_pseudonym) as persons,
    cast(sum(amount_yuan) as decimal(18, 2)) as amount_yuan,
    -- null when no row of the group states the class
    case when count(household_class_code) > 0
        then count(distinct case when household_class_code = 'class_a' then household_id end) end as households_class_a,
    case when count(household_class_code) > 0
        then count(distinct case when household_class_code = 'class_b' then household_id end) end as households_class_b,
    case when count(household_class_code) > 0
        then count(distinct case when household_class_code = 'class_a' then person_pseudonym end) end as persons_class_a,
    case when count(household_class_code) > 0
        then count(distinct case when household_class_code = 'class_b' then person_pseudonym end) end as persons_class_b,
    -- 特困 only; null when no row of the group states the self-care ability
    case when program_code in ('tekun_centralized', 'tekun_dispersed') and count(self_care_code) > 0
        then count(distinct case when self_care_code = 'fully_disabled' then person_pseudonym end) end as persons_unable_self_care,
    count(*) as source_rows
from roster
group by region_code, month, program_code, region_valid_at_month
