{#- Cemeteries per region × month from the month-end registry: by kind, approved in the month, and
    the annual inspection (年检) of the month's year. -#}
with

cemeteries as (

    select
        *,
        {{ date_part_int('year', 'month') }} as month_year
    from {{ ref('int_funeral__cemeteries_conformed') }}

)

select
    region_code,
    month,
    region_valid_at_month,
    count(distinct cemetery_id) as cemeteries,
    count(distinct case when cemetery_kind_code = 'public_welfare' then cemetery_id end) as cemeteries_public,
    count(distinct case when cemetery_kind_code = 'commercial' then cemetery_id end) as cemeteries_commercial,
    count(distinct case when {{ in_month('approved_date', 'month') }} then cemetery_id end) as cemeteries_approved_in_month,
    count(distinct case when inspection_year = month_year and inspection_result_code in ('passed', 'failed') then cemetery_id end) as cemeteries_inspected,
    count(distinct case when inspection_year = month_year and inspection_result_code = 'passed' then cemetery_id end) as cemeteries_inspection_passed,
    count(*) as source_rows
from cemeteries
group by region_code, month, region_valid_at_month
