with

source as (

    select * from {{ source('raw', 'reference__admin_divisions') }}

),

renamed as (

    select
        cast(trim(region_code) as {{ dbt.type_string() }}) as region_code,
        trim(name_zh) as name_zh,
        trim(name_en) as name_en,
        lower(trim(level)) as level,
        nullif(trim(parent_code), '') as parent_code,
        _source,
        _loaded_at

    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by region_code order by _loaded_at desc) as _rank
    from renamed

)

select
    region_code,
    name_zh,
    name_en,
    level,
    parent_code,
    _source,
    _loaded_at
from deduplicated
where _rank = 1
