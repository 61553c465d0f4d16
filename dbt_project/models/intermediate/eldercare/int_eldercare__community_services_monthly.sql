{#- Community eldercare facilities per region × month from the month-end list: operating (运营)
    facilities by type, meal-service points opened in the month (建成日期 in the month, any status)
    and the villages/communities served by operating meal-service points. -#}
with

facilities as (

    select * from {{ ref('int_eldercare__community_services_conformed') }}

)

select
    region_code,
    month,
    region_valid_at_month,
    count(distinct case when status_code = 'operating' and facility_type_code = 'day_care_center' then facility_id end) as day_care_centers,
    count(distinct case when status_code = 'operating' and facility_type_code = 'street_service_center' then facility_id end) as street_service_centers,
    count(distinct case when status_code = 'operating' and facility_type_code = 'community_service_org' then facility_id end) as community_service_orgs,
    count(distinct case when status_code = 'operating' and facility_type_code = 'meal_service_point' then facility_id end) as meal_service_points,
    count(distinct case when facility_type_code = 'meal_service_point' and {{ in_month('opened_date', 'month') }} then facility_id end) as meal_service_points_opened,
    sum(case when status_code = 'operating' and facility_type_code = 'meal_service_point' then communities_served end) as communities_with_meal_service,
    count(*) as source_rows
from facilities
group by region_code, month, region_valid_at_month
