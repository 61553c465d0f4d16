{#-
  Allowance standards (kind `standard`) per region and month: for every month from the first
  effective date to the current month, the standard in force is the one with the latest
  effective_date on or before the month end. Standards are published per region and are not
  rolled up. fct_indicator_value keeps the months in which the region has fact data.
-#}
{{ config(materialized='view') }}

-- depends_on: {{ ref('indicator_catalog') }}
-- depends_on: {{ ref('stg_assistance__allowance_standards') }}

with published as (

    {{ indicator_standard_union() }}

),

series as (

    select
        region_code,
        indicator_code,
        cast({{ dbt.date_trunc('month', 'min(effective_date)') }} as date) as first_month
    from published
    group by region_code, indicator_code

),

month_offsets as (

    {#- up to 100 years of months -#}
    {{ dbt.generate_series(1200) }}

),

series_months as (

    select
        s.region_code,
        s.indicator_code,
        cast({{ dbt.dateadd('month', 'o.generated_number - 1', 's.first_month') }} as date) as month
    from series as s
    cross join month_offsets as o
    where {{ dbt.dateadd('month', 'o.generated_number - 1', 's.first_month') }}
        <= {{ dbt.date_trunc('month', 'current_date') }}

),

in_force as (

    select
        m.region_code,
        m.month,
        m.indicator_code,
        p.value,
        p.effective_date,
        row_number() over (
            partition by m.region_code, m.indicator_code, m.month
            order by p.effective_date desc, p.value desc
        ) as effective_rank
    from series_months as m
    inner join published as p
        on p.region_code = m.region_code
       and p.indicator_code = m.indicator_code
       and p.effective_date <= {{ dbt.last_day('m.month', 'month') }}

)

select
    region_code,
    month,
    indicator_code,
    value,
    effective_date
from in_force
where effective_rank = 1
