{#-
  The BI way to select complete figures only: the rows of fct_indicator_value whose period is
  covered in every month by every expected reporting unit (is_complete). Partial roll-ups stay in
  fct_indicator_value, flagged, with their coverage.
-#}
{{ config(materialized='view') }}

select
    region_code,
    region_level,
    period_type,
    period_start,
    period_end,
    indicator_code,
    value,
    unit,
    months_covered,
    months_in_period,
    as_of_month,
    children_expected,
    children_reporting,
    coverage
from {{ ref('fct_indicator_value') }}
where is_complete
