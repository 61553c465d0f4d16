{{
    config(
        materialized='incremental',
        full_refresh=full_rebuild_without_window(),
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_window('_reporting_month') }}",
        **monthly_fact_config('_reporting_month')
    )
}}
{#- A table, incremental by reporting month like the facts (not a view as other staging models): the roster is the one extract with tens of millions of rows a month, and the dedupe window and the tests on this model would otherwise be recomputed over it by every reader. A window's rows depend only on the raw rows of the same reporting months (the dedupe partitions by _reporting_month). -#}
with

source as (

    select * from {{ source('raw', 'assistance__roster') }}
    where {{ window_filter('_reporting_month') }}

),

{#- One person paid twice for one pay month in one reporting month (two files of the month that overlap)
    keeps the row of the latest load, file and row. Such keys are rare, and ranking every row (a sort of
    tens of millions) would cost more than the rest of staging: only the keys that repeat are ranked. -#}
repeated_keys as (

    select _reporting_month, pay_month, person_pseudonym
    from source
    group by _reporting_month, pay_month, person_pseudonym
    having count(*) > 1

),

deduped as (

    select *, 1 as _dedupe_rank
    from source
    where not exists (
        select 1 from repeated_keys as r
        where r._reporting_month = source._reporting_month
          and r.pay_month = source.pay_month
          and r.person_pseudonym = source.person_pseudonym
    )

    union all

    select *, {{ dedupe_rank(['pay_month', 'person_pseudonym']) }} as _dedupe_rank
    from source
    where exists (
        select 1 from repeated_keys as r
        where r._reporting_month = source._reporting_month
          and r.pay_month = source.pay_month
          and r.person_pseudonym = source.person_pseudonym
    )

),

renamed as (

    select
        -- region and month
        region_code,
        pay_month,

        -- ids
        household_id,
        person_pseudonym,

        -- programme (Chinese label kept as data)
        program_zh,
        case program_zh
            when '城市低保' then 'dibao_urban'
            when '农村低保' then 'dibao_rural'
            when '特困集中供养' then 'tekun_centralized'
            when '特困分散供养' then 'tekun_dispersed'
        end as program_code,

        household_class as household_class_zh,
        case household_class
            when 'A类' then 'class_a'
            when 'B类' then 'class_b'
        end as household_class_code,

        self_care_zh,
        case self_care_zh
            when '全自理' then 'self_sufficient'
            when '部分失能' then 'partially_disabled'
            when '完全失能' then 'fully_disabled'
        end as self_care_code,

        -- measures
        household_size,
        cast(amount_yuan as decimal(18, 2)) as amount_yuan,

        -- lineage
        {{ lineage_columns() }},
        _dedupe_rank

    from deduped

)

select
    region_code,
    pay_month,
    household_id,
    person_pseudonym,
    program_zh,
    program_code,
    household_class_zh,
    household_class_code,
    self_care_zh,
    self_care_code,
    household_size,
    amount_yuan,
    {{ lineage_columns() }}
from renamed
where _dedupe_rank = 1
