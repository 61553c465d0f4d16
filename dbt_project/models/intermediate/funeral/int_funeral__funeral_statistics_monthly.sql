{#- Deaths, cremations and eco-burials per region × month. -#}
with

statistics as (

    select * from {{ ref('int_funeral__funeral_statistics_conformed') }}

)

select
    region_code,
    month,
    region_valid_at_month,
    sum(deaths) as deaths,
    sum(cremations) as cremations,
    sum(eco_burials) as eco_burials,
    count(*) as source_rows
from statistics
group by region_code, month, region_valid_at_month
