{#- A view like the other staging models. The roster is the one extract with tens of millions of rows a
    month, so nothing here costs more than a projection: a person paid twice in one month (two files of
    the month that overlap) is quarantined at ingestion (sources/assistance/roster.yaml,
    unique_across_files), not deduplicated here, and the tests on this view read only the window
    (macros/test_window.sql). -#}
with

source as (

    select * from {{ source('raw', 'assistance__roster') }}

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
        {{ lineage_columns() }}

    from source

)

select * from renamed
