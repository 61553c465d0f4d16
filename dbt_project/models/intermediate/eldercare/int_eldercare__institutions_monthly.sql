{#- Eldercare institutions per region × month from the month-end registry: counts by ownership,
    beds, residents and certified caregivers of operating (运营) institutions. -#}
with

institutions as (

    select * from {{ ref('int_eldercare__institutions_conformed') }}

)

select
    region_code,
    month,
    region_valid_at_month,
    count(distinct case when status_code = 'operating' then institution_id end) as institutions,
    count(distinct case when status_code = 'operating' and ownership_code = 'public' then institution_id end) as institutions_public,
    count(distinct case when status_code = 'operating' and ownership_code = 'private' then institution_id end) as institutions_private,
    count(distinct case when status_code = 'operating' and ownership_code = 'public_private' then institution_id end) as institutions_public_private,
    coalesce(sum(case when status_code = 'operating' then beds end), 0) as beds,
    -- optional columns: null when no operating institution states them
    sum(case when status_code = 'operating' then nursing_beds end) as nursing_beds,
    sum(case when status_code = 'operating' then dementia_beds end) as dementia_beds,
    sum(case when status_code = 'operating' then residents end) as residents,
    sum(case when status_code = 'operating' then certified_caregivers end) as certified_caregivers,
    count(*) as source_rows
from institutions
group by region_code, month, region_valid_at_month
