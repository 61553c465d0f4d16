-- Every reporting month loaded in raw (within the partition window when one is set) has rows in
-- the fact its extract feeds. Catches a fact rebuilt from views that were left filtered to an
-- earlier window (staging and intermediate views carry the window filter of the run that last
-- created them), and rows lost between raw and the marts.
{%- set feeds = [
    ('assistance__roster', 'fct_assistance'),
    ('assistance__relief_ledger', 'fct_assistance'),
    ('eldercare__institutions', 'fct_eldercare'),
    ('eldercare__community_services', 'fct_eldercare'),
    ('eldercare__elder_subsidies', 'fct_eldercare'),
    ('funeral__funeral_statistics', 'fct_funeral'),
    ('funeral__grave_remediation', 'fct_funeral'),
    ('funeral__cemeteries', 'fct_funeral'),
    ('organization__social_orgs', 'fct_organization'),
    ('organization__village_committees', 'fct_organization'),
] %}
with raw_months as (
    {%- for extract, fact in feeds %}
    select distinct '{{ extract }}' as extract, '{{ fact }}' as fact, _reporting_month as month
    from {{ source('raw', extract) }}
    where {{ window_filter('_reporting_month') }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

fact_months as (
    {%- for fact in ['fct_assistance', 'fct_eldercare', 'fct_funeral', 'fct_organization'] %}
    select distinct '{{ fact }}' as fact, month from {{ ref(fact) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select r.*
from raw_months as r
left join fact_months as f
    on f.fact = r.fact
    and f.month = r.month
where f.month is null
