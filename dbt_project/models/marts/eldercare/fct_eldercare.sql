{{ monthly_incremental('month') }}
{#-
  Grain: region_code × month, over the institution registry, the community-facility list and the
  elder-subsidy statistics; a source's columns are null where it has no data for the region and month.
-#}
{%- set bigint = dbt.type_bigint() -%}

with

lineage as (

    {{ lineage_by_grain([ref('int_eldercare__institutions_conformed'),
                         ref('int_eldercare__community_services_conformed'),
                         ref('int_eldercare__elder_subsidies_conformed')],
                        ['region_code', 'month'], where=window_filter('month')) }}

),

institutions as (

    select * from {{ ref('int_eldercare__institutions_monthly') }}

),

community as (

    select * from {{ ref('int_eldercare__community_services_monthly') }}

),

subsidies as (

    select * from {{ ref('int_eldercare__elder_subsidies_monthly') }}

),

regions as (

    select * from {{ ref('dim_region') }}

)

select
    lineage.region_code,
    lineage.month,
    cast(institutions.institutions as {{ bigint }}) as institutions,
    cast(institutions.institutions_public as {{ bigint }}) as institutions_public,
    cast(institutions.institutions_private as {{ bigint }}) as institutions_private,
    cast(institutions.institutions_public_private as {{ bigint }}) as institutions_public_private,
    cast(institutions.beds as {{ bigint }}) as beds,
    cast(institutions.nursing_beds as {{ bigint }}) as nursing_beds,
    cast(institutions.dementia_beds as {{ bigint }}) as dementia_beds,
    cast(institutions.residents as {{ bigint }}) as residents,
    cast(institutions.certified_caregivers as {{ bigint }}) as certified_caregivers,
    cast(community.day_care_centers as {{ bigint }}) as day_care_centers,
    cast(community.street_service_centers as {{ bigint }}) as street_service_centers,
    cast(community.community_service_orgs as {{ bigint }}) as community_service_orgs,
    cast(community.meal_service_points as {{ bigint }}) as meal_service_points,
    cast(community.meal_service_points_opened as {{ bigint }}) as meal_service_points_opened,
    cast(community.communities_with_meal_service as {{ bigint }}) as communities_with_meal_service,
    cast(subsidies.subsidy_hardship_persons as {{ bigint }}) as subsidy_hardship_persons,
    cast(subsidies.subsidy_hardship_amount_yuan as decimal(18, 2)) as subsidy_hardship_amount_yuan,
    cast(subsidies.subsidy_care_persons as {{ bigint }}) as subsidy_care_persons,
    cast(subsidies.subsidy_care_amount_yuan as decimal(18, 2)) as subsidy_care_amount_yuan,
    cast(subsidies.subsidy_longevity_persons as {{ bigint }}) as subsidy_longevity_persons,
    cast(subsidies.subsidy_longevity_amount_yuan as decimal(18, 2)) as subsidy_longevity_amount_yuan,
    {{ fact_conformance_and_lineage_columns('regions', 'lineage') }}
from lineage
left join institutions
    on institutions.region_code = lineage.region_code
    and institutions.month = lineage.month
left join community
    on community.region_code = lineage.region_code
    and community.month = lineage.month
left join subsidies
    on subsidies.region_code = lineage.region_code
    and subsidies.month = lineage.month
left join regions
    on {{ region_valid_at_month_join('regions', 'lineage.region_code', 'lineage.month') }}
where {{ window_filter('lineage.month') }}
