-- A region's versions lie within the lifespan of its parent (townships never start before their
-- county, e.g. the streets of 龙华区 440309 start on 2016-10-11 with the district).
with lifespans as (

    select
        region_code,
        min(valid_from) as first_valid_from,
        max(coalesce(valid_to, cast('9999-12-31' as date))) as last_valid_to
    from {{ ref('dim_region') }}
    group by region_code

)

select
    child.region_version_key,
    child.parent_code,
    child.valid_from,
    child.valid_to,
    parent.first_valid_from as parent_first_valid_from,
    parent.last_valid_to as parent_last_valid_to
from {{ ref('dim_region') }} as child
left join lifespans as parent
    on parent.region_code = child.parent_code
where child.parent_code is not null
    and (
        parent.region_code is null
        or child.valid_from < parent.first_valid_from
        or coalesce(child.valid_to, cast('9999-12-31' as date)) > parent.last_valid_to
    )
