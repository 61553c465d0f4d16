select
    program_code,
    name_zh,
    name_en,
    scheme,
    area,
    support_mode,
    source_extract,
    unit_notes,
    cast(sort_order as integer) as sort_order
from {{ ref('programs') }}
