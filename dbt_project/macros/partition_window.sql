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
    and when no window is set (the fact is then rebuilt from scratch, see fact_config).
    On Spark (Parquet tables have no DELETE) the window's month partitions are dropped instead; the
    model then writes the window's partitions again with insert_overwrite (monthly_fact_config). -#}
{% macro delete_window(month_column='month') -%}
    {%- if is_incremental() and window_is_set() -%}
        {{ adapter.dispatch('delete_window')(month_column) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__delete_window(month_column) -%}
    delete from {{ this }} where {{ window_filter(month_column) }}
{%- endmacro %}

{% macro spark__delete_window(month_column) -%}
    {{ drop_partitions([{'columns': {month_column: none}, 'months': window_months()}]) }}
{%- endmacro %}

{#- The first days of the months of the window [min_month, max_month) as 'YYYY-MM-DD' (max_month
    defaults to the month after min_month). -#}
{% macro window_months() -%}
    {%- set dt = modules.datetime -%}
    {%- set lo = dt.datetime.strptime((var('min_month') | string)[:10], '%Y-%m-%d').date().replace(day=1) -%}
    {%- set hi_var = var('max_month', none) -%}
    {%- if hi_var is none or (hi_var | string | trim) == '' -%}
        {%- set hi = (lo.replace(day=28) + dt.timedelta(days=4)).replace(day=1) -%}
    {%- else -%}
        {%- set hi = dt.datetime.strptime((hi_var | string)[:10], '%Y-%m-%d').date() -%}
    {%- endif -%}
    {%- set months = [] -%}
    {%- set state = {'m': lo} -%}
    {%- for _ in range(0, 12 * 200) -%}
        {%- if state.m < hi -%}
            {%- do months.append(state.m.isoformat()) -%}
            {%- do state.update({'m': (state.m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(months) }}
{%- endmacro %}

{#- Spark: ALTER TABLE ... DROP IF EXISTS PARTITION for each spec. specs: list of
    {'columns': {name: value or none}, 'months': [...]}: a column whose value is none takes each month. -#}
{% macro drop_partitions(specs) -%}
    {%- set parts = [] -%}
    {%- for spec in specs -%}
        {%- for m in spec.months -%}
            {%- set kv = [] -%}
            {%- for col, value in spec.columns.items() -%}
                {%- do kv.append(col ~ " = '" ~ (m if value is none else value) ~ "'") -%}
            {%- endfor -%}
            {%- do parts.append('partition (' ~ kv | join(', ') ~ ')') -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if parts | length > 0 -%}
        alter table {{ this }} drop if exists {{ parts | join(', ') }}
    {%- endif -%}
{%- endmacro %}

{#- Configuration of an incremental fact partitioned by month, per engine: DuckDB appends the window
    after the delete_window pre-hook; Spark writes Parquet partitioned by month and overwrites the
    window's partitions (insert_overwrite, dynamic partition overwrite). -#}
{% macro monthly_fact_config(month_column='month') -%}
    {%- if target.type == 'spark' -%}
        {{ return({'incremental_strategy': 'insert_overwrite', 'partition_by': [month_column], 'file_format': 'parquet'}) }}
    {%- else -%}
        {{ return({'incremental_strategy': 'append'}) }}
    {%- endif -%}
{%- endmacro %}

{#- The one configuration of the monthly incremental models (the four facts and
    int_assistance__roster_monthly), called first in the model: {{ monthly_incremental('month') }}.
    Incremental by month; rebuilt from scratch when the run has no window; the window deleted first
    (delete_window pre-hook) and appended on DuckDB, its partitions overwritten on Spark
    (monthly_fact_config); new columns appended to an existing table. -#}
{% macro monthly_incremental(month_column='month') -%}
    {{- config(
        materialized='incremental',
        full_refresh=full_rebuild_without_window(),
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_window('" ~ month_column ~ "') }}",
        **monthly_fact_config(month_column)
    ) -}}
{%- endmacro %}

{#- true when the run has no window: such a run rebuilds an incremental fact from scratch -#}
{% macro full_rebuild_without_window() -%}
    {{- return(not window_is_set()) -}}
{%- endmacro %}
