{#-
  Region codes as delivered: 6 digits (county and above), 9 (township) or 12 (village).
  Facts are kept at county or township level, so:
    12 digits ending 000000 -> the 6-digit county, other 12 digits -> the 9-digit township
    (villages roll up to their township), 9 digits ending 000 -> the 6-digit county.
-#}
{% macro conform_region_code(code) -%}
    case
        when {{ dbt.length(code) }} = 12 and substr({{ code }}, 7, 6) = '000000' then substr({{ code }}, 1, 6)
        when {{ dbt.length(code) }} = 12 then substr({{ code }}, 1, 9)
        when {{ dbt.length(code) }} = 9 and substr({{ code }}, 7, 3) = '000' then substr({{ code }}, 1, 6)
        else {{ code }}
    end
{%- endmacro %}

{#-
  Join condition: the dim_region version (alias region_alias) of code_expr valid at the month that
  starts at month_expr. A version is valid on day d when valid_from <= d < valid_to (valid_to null =
  open); "valid at the month" is judged on the month's last day, so a region created or abolished
  mid-month counts for the month in which it exists at month end, and exactly one version matches.
-#}
{% macro region_valid_at_month_join(region_alias, code_expr, month_expr) -%}
    {{ region_alias }}.region_code = {{ code_expr }}
    and {{ region_alias }}.valid_from <= {{ month_end(month_expr) }}
    and ({{ region_alias }}.valid_to is null or {{ region_alias }}.valid_to > {{ month_end(month_expr) }})
{%- endmacro %}

{#- The conformed region columns of a row-level intermediate model (used with the join above). -#}
{% macro conformed_region_columns(region_alias, reported_code_expr) -%}
        {{ reported_code_expr }} as region_code_reported,
        {{ conform_region_code(reported_code_expr) }} as region_code,
        {{ region_alias }}.region_version_key,
        {{ region_alias }}.level as region_level,
        {{ region_alias }}.region_version_key is not null as region_valid_at_month
{%- endmacro %}


{#- The columns every fact ends with: the level and version of its region code at the month (null when
    the code is not valid then) and the lineage back to the delivered files. -#}
{% macro fact_conformance_and_lineage_columns(region_alias, lineage_alias) -%}
    {{ region_alias }}.level as region_level,
    {{ region_alias }}.region_version_key,
    {{ region_alias }}.region_version_key is not null as region_valid_at_month,
    {{ lineage_alias }}.source_files,
    {{ lineage_alias }}.source_rows
{%- endmacro %}
