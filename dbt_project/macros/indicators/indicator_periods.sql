{#-
  Periods, the incremental window and region validity for fct_indicator_value.
  Dates are rendered with dbt cross-database macros so that the SQL ports to other targets.
-#}

{% macro indicator_period_start(period_type, month) -%}
  {%- if period_type == 'month' -%}
    cast({{ month }} as date)
  {%- elif period_type == 'quarter' -%}
    cast({{ dbt.date_trunc('quarter', month) }} as date)
  {%- elif period_type == 'half' -%}
    cast(case when extract(month from {{ month }}) <= 6
              then {{ dbt.date_trunc('year', month) }}
              else {{ dbt.dateadd('month', 6, dbt.date_trunc('year', month)) }} end as date)
  {%- elif period_type == 'year' -%}
    cast({{ dbt.date_trunc('year', month) }} as date)
  {%- else -%}
    {{ exceptions.raise_compiler_error("unknown period_type " ~ period_type) }}
  {%- endif -%}
{%- endmacro %}


{% macro indicator_period_end(period_start, months) -%}
  cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', months, period_start)) }} as date)
{%- endmacro %}


{% macro indicator_last_value(value, order_by) -%}
  {#- Aggregate: `value` of the row with the greatest `order_by` (the last month with data). -#}
  {{ return(adapter.dispatch('indicator_last_value')(value, order_by)) }}
{%- endmacro %}

{% macro default__indicator_last_value(value, order_by) -%}
  max_by({{ value }}, {{ order_by }})
{%- endmacro %}

{% macro duckdb__indicator_last_value(value, order_by) -%}
  arg_max({{ value }}, {{ order_by }})
{%- endmacro %}


{% macro indicator_roll_up_period(relation, period_type, months) -%}
  {#- Aggregate the periods of `relation` (months, quarters or halves: columns of
      fct_indicator_value's `all_periods`) into the enclosing `period_type`: a flow component
      sums, any other component (stock, standard) takes the value of the sub-period with the
      latest month with data. months_covered adds up; last_month is the latest; region_level is
      the level at the latest month. -#}
  {%- set period_start = indicator_period_start(period_type, 'period_start') %}
    select
        region_code,
        {{ indicator_last_value('region_level', 'last_month') }} as region_level,
        indicator_code,
        cast('{{ period_type }}' as {{ dbt.type_string() }}) as period_type,
        {{ period_start }} as period_start,
        {{ months }} as months_in_period,
        numerator_kind,
        case
            when numerator_kind = 'flow' then sum(numerator)
            else {{ indicator_last_value('numerator', 'last_month') }}
        end as numerator,
        denominator_kind,
        case
            when denominator_kind = 'flow' then sum(denominator)
            else {{ indicator_last_value('denominator', 'last_month') }}
        end as denominator,
        sum(months_covered) as months_covered,
        max(last_month) as last_month
    from {{ relation }}
    group by region_code, indicator_code, {{ period_start }}, numerator_kind, denominator_kind
{%- endmacro %}


{% macro indicator_window() -%}
  {#- The incremental window from `--vars '{"min_month": "YYYY-MM-01", "max_month": "YYYY-MM-01"}'`
      (min inclusive, max exclusive; max defaults to the month after min), or none.
      read_from / read_to: the whole years that overlap the window — every period that overlaps
      the window (month, quarter, half, year) lies within them, so facts are read only there. -#}
  {%- set min_month = var('min_month', none) -%}
  {%- if min_month is none or (min_month | string | trim) == '' -%}
    {{ return(none) }}
  {%- endif -%}
  {%- set dt = modules.datetime -%}
  {%- set lo = dt.datetime.strptime((min_month | string)[:10], '%Y-%m-%d').date().replace(day=1) -%}
  {%- set max_month = var('max_month', none) -%}
  {%- if max_month is none or (max_month | string | trim) == '' -%}
    {%- set hi = (lo.replace(day=28) + dt.timedelta(days=4)).replace(day=1) -%}
  {%- else -%}
    {%- set hi_raw = dt.datetime.strptime((max_month | string)[:10], '%Y-%m-%d').date() -%}
    {#- an exclusive bound inside a month still covers that month -#}
    {%- set hi = hi_raw if hi_raw.day == 1 else (hi_raw.replace(day=28) + dt.timedelta(days=4)).replace(day=1) -%}
  {%- endif -%}
  {%- if hi <= lo -%}
    {{ exceptions.raise_compiler_error("max_month (" ~ hi ~ ") must be after min_month (" ~ lo ~ ")") }}
  {%- endif -%}
  {%- set last = hi - dt.timedelta(days=1) -%}
  {{ return({
      'min_month': lo.isoformat(),
      'max_month': hi.isoformat(),
      'read_from': lo.replace(month=1, day=1).isoformat(),
      'read_to': last.replace(year=last.year + 1, month=1, day=1).isoformat()}) }}
{%- endmacro %}


{% macro indicator_window_overlaps(window, start_column='period_start', end_column='period_end') -%}
  {#- A period [start, end] overlaps [min_month, max_month). -#}
  {{ start_column }} < {{ dbt.cast(dbt.string_literal(window.max_month), 'date') }}
  and {{ end_column }} >= {{ dbt.cast(dbt.string_literal(window.min_month), 'date') }}
{%- endmacro %}


{% macro indicator_delete_window() -%}
  {#- pre_hook of fct_indicator_value: in an incremental run, delete the periods that overlap
      the window before they are inserted again. Outside incremental runs: a no-op. -#}
  {%- set window = indicator_window() -%}
  {%- if execute and window is not none and is_incremental() -%}
    {{ adapter.dispatch('indicator_delete_window')(window) }}
  {%- else -%}
    select 1 as no_op
  {%- endif -%}
{%- endmacro %}

{% macro default__indicator_delete_window(window) -%}
    delete from {{ this }} where {{ indicator_window_overlaps(window) }}
{%- endmacro %}

{% macro spark__indicator_delete_window(window) -%}
  {#- Spark: drop the (period_type, period_start) partitions of every period that overlaps the
      window; the model then writes them again (insert_overwrite). -#}
  {%- set dt = modules.datetime -%}
  {%- set lo = dt.date.fromisoformat(window.min_month) -%}
  {%- set hi = dt.date.fromisoformat(window.max_month) -%}
  {%- set specs = [] -%}
  {%- for period_type, months in [('month', 1), ('quarter', 3), ('half', 6), ('year', 12)] -%}
    {%- set starts = [] -%}
    {%- set state = {'m': lo.replace(month=((lo.month - 1) // months) * months + 1)} -%}
    {%- for _ in range(0, 12 * 200) -%}
      {%- if state.m < hi -%}
        {%- do starts.append(state.m.isoformat()) -%}
        {%- set n = state.m.year * 12 + state.m.month - 1 + months -%}
        {%- do state.update({'m': dt.date(n // 12, n % 12 + 1, 1)}) -%}
      {%- endif -%}
    {%- endfor -%}
    {%- do specs.append({'columns': {'period_type': period_type, 'period_start': none}, 'months': starts}) -%}
  {%- endfor -%}
  {{ drop_partitions(specs) }}
{%- endmacro %}

{#- Configuration of fct_indicator_value per engine (see monthly_fact_config). -#}
{% macro indicator_fact_config() -%}
    {%- if target.type == 'spark' -%}
        {{ return({'incremental_strategy': 'insert_overwrite', 'partition_by': ['period_type', 'period_start'],
                   'file_format': 'parquet'}) }}
    {%- else -%}
        {{ return({'incremental_strategy': 'append'}) }}
    {%- endif -%}
{%- endmacro %}


{% macro indicator_region_valid_at(alias, month) -%}
  {#- The region version `alias` of dim_region is the one valid at the month starting at `month`:
      valid on the month's last day (valid_from <= d < valid_to, valid_to null = open), the rule
      the facts use to conform their codes, so exactly one version matches. -#}
  {{ alias }}.valid_from <= {{ dbt.last_day(month, 'month') }}
  and ({{ alias }}.valid_to is null or {{ alias }}.valid_to > {{ dbt.last_day(month, 'month') }})
{%- endmacro %}


{% macro indicator_units_per_period(relation, keys, units_as, unit_months_as) -%}
  {#- For every period type (month, quarter, half, year): per `keys` and period of `relation` (rows of
      unit_code and month), the distinct units (`units_as`) and the unit-months (`unit_months_as`).
      The coverage counts of int_indicators__coverage: reporting units, expected counties, expected 市本级. -#}
  {%- for period_type in ['month', 'quarter', 'half', 'year'] %}
    {% if not loop.first %}union all{% endif %}
    select
        {% for k in keys %}{{ k }}, {% endfor %}
        cast('{{ period_type }}' as {{ dbt.type_string() }}) as period_type,
        {{ indicator_period_start(period_type, 'month') }} as period_start,
        count(distinct unit_code) as {{ units_as }},
        count(*) as {{ unit_months_as }}
    from {{ relation }}
    group by {% for k in keys %}{{ k }}, {% endfor %}{{ indicator_period_start(period_type, 'month') }}
  {%- endfor %}
{%- endmacro %}
