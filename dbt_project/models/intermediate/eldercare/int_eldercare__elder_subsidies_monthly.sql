{#- Elder subsidies per region × month, one column pair per subsidy type (null when the type is not reported). -#}
with

subsidies as (

    select * from {{ ref('int_eldercare__elder_subsidies_conformed') }}

)

select
    region_code,
    month,
    region_valid_at_month,
    sum(case when subsidy_type_code = 'hardship' then persons end) as subsidy_hardship_persons,
    cast(sum(case when subsidy_type_code = 'hardship' then amount_yuan end) as decimal(18, 2)) as subsidy_hardship_amount_yuan,
    sum(case when subsidy_type_code = 'care' then persons end) as subsidy_care_persons,
    cast(sum(case when subsidy_type_code = 'care' then amount_yuan end) as decimal(18, 2)) as subsidy_care_amount_yuan,
    sum(case when subsidy_type_code = 'longevity' then persons end) as subsidy_longevity_persons,
    cast(sum(case when subsidy_type_code = 'longevity' then amount_yuan end) as decimal(18, 2)) as subsidy_longevity_amount_yuan,
    count(*) as source_rows
from subsidies
group by region_code, month, region_valid_at_month
