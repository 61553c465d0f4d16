{{ monthly_incremental('month') }}
{#-
  Grain: region_code × month, over the monthly funeral statistics, the grave-remediation ledger and
  the cemetery registry; a source's columns are null where it has no data for the region and month.
-#}
{%- set bigint = dbt.type_bigint() -%}

with

lineage as (

    {{ lineage_by_grain([ref('int_funeral__funeral_statistics_conformed'),
                         ref('int_funeral__grave_remediation_conformed'),
                         ref('int_funeral__cemeteries_conformed')],
                        ['region_code', 'month'], where=window_filter('month')) }}

),

statistics as (

    select * from {{ ref('int_funeral__funeral_statistics_monthly') }}

),

graves as (

    select * from {{ ref('int_funeral__grave_remediation_monthly') }}

),

cemeteries as (

    select * from {{ ref('int_funeral__cemeteries_monthly') }}

),

regions as (

    select * from {{ ref('dim_region') }}

)

select
    lineage.region_code,
    lineage.month,
    cast(statistics.deaths as {{ bigint }}) as deaths,
    cast(statistics.cremations as {{ bigint }}) as cremations,
    cast(statistics.eco_burials as {{ bigint }}) as eco_burials,
    cast(graves.graves_identified as {{ bigint }}) as graves_identified,
    cast(graves.graves_remediated as {{ bigint }}) as graves_remediated,
    cast(graves.burial_sites_identified as {{ bigint }}) as burial_sites_identified,
    cast(graves.burial_sites_remediated as {{ bigint }}) as burial_sites_remediated,
    cast(graves.graves_remediated_in_month as {{ bigint }}) as graves_remediated_in_month,
    cast(cemeteries.cemeteries as {{ bigint }}) as cemeteries,
    cast(cemeteries.cemeteries_public as {{ bigint }}) as cemeteries_public,
    cast(cemeteries.cemeteries_commercial as {{ bigint }}) as cemeteries_commercial,
    cast(cemeteries.cemeteries_approved_in_month as {{ bigint }}) as cemeteries_approved_in_month,
    cast(cemeteries.cemeteries_inspected as {{ bigint }}) as cemeteries_inspected,
    cast(cemeteries.cemeteries_inspection_passed as {{ bigint }}) as cemeteries_inspection_passed,
    {{ fact_conformance_and_lineage_columns('regions', 'lineage') }}
from lineage
left join statistics
    on statistics.region_code = lineage.region_code
    and statistics.month = lineage.month
left join graves
    on graves.region_code = lineage.region_code
    and graves.month = lineage.month
left join cemeteries
    on cemeteries.region_code = lineage.region_code
    and cemeteries.month = lineage.month
left join regions
    on {{ region_valid_at_month_join('regions', 'lineage.region_code', 'lineage.month') }}
where {{ window_filter('lineage.month') }}
