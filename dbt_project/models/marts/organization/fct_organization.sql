{{ monthly_incremental('month') }}
{#-
  Grain: region_code × month, over the social-organization registry and the village/residents'
  committee statistics; a source's columns are null where it has no data for the region and month.
-#}
{%- set bigint = dbt.type_bigint() -%}

with

lineage as (

    {{ lineage_by_grain([ref('int_organization__social_orgs_conformed'),
                         ref('int_organization__village_committees_conformed')],
                        ['region_code', 'month'], where=window_filter('month')) }}

),

orgs as (

    select * from {{ ref('int_organization__social_orgs_monthly') }}

),

committees as (

    select * from {{ ref('int_organization__village_committees_monthly') }}

),

regions as (

    select * from {{ ref('dim_region') }}

)

select
    lineage.region_code,
    lineage.month,
    cast(orgs.social_orgs as {{ bigint }}) as social_orgs,
    cast(orgs.social_groups as {{ bigint }}) as social_groups,
    cast(orgs.social_service_orgs as {{ bigint }}) as social_service_orgs,
    cast(orgs.foundations as {{ bigint }}) as foundations,
    cast(orgs.orgs_registered_in_month as {{ bigint }}) as orgs_registered_in_month,
    cast(orgs.orgs_deregistered_in_month as {{ bigint }}) as orgs_deregistered_in_month,
    cast(orgs.orgs_revoked_in_month as {{ bigint }}) as orgs_revoked_in_month,
    cast(orgs.orgs_rated as {{ bigint }}) as orgs_rated,
    cast(orgs.orgs_inspected as {{ bigint }}) as orgs_inspected,
    cast(orgs.orgs_inspection_passed as {{ bigint }}) as orgs_inspection_passed,
    cast(orgs.charities as {{ bigint }}) as charities,
    cast(orgs.charities_recognized_in_month as {{ bigint }}) as charities_recognized_in_month,
    cast(committees.village_committees as {{ bigint }}) as village_committees,
    cast(committees.residents_committees as {{ bigint }}) as residents_committees,
    cast(committees.committee_members as {{ bigint }}) as committee_members,
    cast(committees.committee_members_female as {{ bigint }}) as committee_members_female,
    {{ fact_conformance_and_lineage_columns('regions', 'lineage') }}
from lineage
left join orgs
    on orgs.region_code = lineage.region_code
    and orgs.month = lineage.month
left join committees
    on committees.region_code = lineage.region_code
    and committees.month = lineage.month
left join regions
    on {{ region_valid_at_month_join('regions', 'lineage.region_code', 'lineage.month') }}
where {{ window_filter('lineage.month') }}
