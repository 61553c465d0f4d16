{#-
  The partition window shared with Dagster: var('min_month') inclusive, var('max_month') exclusive,
  both 'YYYY-MM-01'. Without min_month every model covers the whole history.
-#}

{% macro window_is_set() -%}
    {{- return(var('min_month', none) is not none and var('min_month', none) | string | trim != '') -}}
{%- endmacro %}

{#- The window as a SQL boolean on a date column ("1 = 1" when no window is set).
    upper_only=true keeps everything before max_month (models that need the history, e.g. standards
    in force). -#}
{% macro window_filter(column, upper_only=false) -%}
    {%- set lo = var('min_month', none) -%}
    {%- set hi = var('max_month', none) -%}
    {%- if window_is_set() -%}
        {%- set parts = [] -%}
        {%- if not upper_only -%}
            {%- do parts.append(column ~ " >= cast('" ~ lo ~ "' as date)") -%}
        {%- endif -%}
        {%- if hi is not none and hi | string | trim != '' -%}
            {%- do parts.append(column ~ " < cast('" ~ hi ~ "' as date)") -%}
        {%- endif -%}
        {%- if parts | length == 0 -%}1 = 1{%- else -%}({{ parts | join(' and ') }}){%- endif -%}
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of the incremental facts: deletes the window's months before the window is appended
    again, in the same transaction, so re-running a window is idempotent. No-op on the first build
    and when no window is set (the fact is then rebuilt from scratch, see fact_config). -#}
{% macro delete_window(month_column='month') -%}
    {%- if is_incremental() and window_is_set() -%}
        delete from {{ this }} where {{ window_filter(month_column) }}
    {%- endif -%}
{%- endmacro %}

{#- true when the run has no window: such a run rebuilds an incremental fact from scratch -#}
{% macro full_rebuild_without_window() -%}
    {{- return(not window_is_set()) -}}
{%- endmacro %}
