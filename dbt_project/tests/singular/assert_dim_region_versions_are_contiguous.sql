-- Versions of a region follow each other without gaps or overlaps: each version ends where the
-- next one starts, and only the last one may be open.
with versions as (

    select
        region_code,
        valid_from,
        valid_to,
        lead(valid_from) over (partition by region_code order by valid_from) as next_valid_from
    from {{ ref('dim_region') }}

)

select *
from versions
where (next_valid_from is not null and (valid_to is null or valid_to <> next_valid_from))
