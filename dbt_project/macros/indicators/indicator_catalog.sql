{#-
  Catalog-driven SQL for the indicator layer.

  The seed `indicator_catalog` is the one place that knows how an indicator is computed from
  the facts (source_model, source_measure, source_filter) and how it aggregates (kind). The
  macros here read it at run time (run_query, only when `execute`) and render one
  `select ... group by` per indicator, unioned.

  dbt builds its DAG at parse time, when the seed has not been read: a model that uses these
  macros must declare its possible source models with `-- depends_on: {{ ref(...) }}` comments.
-#}

{% macro indicator_value_type() -%}
  {#- Exact type for values while they are summed up regions and periods (money has 2 decimals,
      counts none): sums do not depend on the order of addition, so a rebuild of a window gives
      the same numbers as a full rebuild. fct_indicator_value casts to double at the end. -#}
  decimal(38, 6)
{%- endmacro %}


{% macro indicator_catalog_rows(kinds) -%}
  {#- Catalog rows (as dicts) of the given kinds, ordered by indicator_code; [] at parse time
      or when the seed has not been loaded yet (e.g. `dbt compile` on an empty database). -#}
  {%- if not execute -%}
    {{ return([]) }}
  {%- endif -%}
  {%- set catalog = ref('indicator_catalog') -%}
  {%- if adapter.get_relation(database=catalog.database, schema=catalog.schema, identifier=catalog.identifier) is none -%}
    {{ log("indicator_catalog is not loaded yet: rendering an empty indicator set", info=true) }}
    {{ return([]) }}
  {%- endif -%}
  {%- set query -%}
    select
      c.indicator_code, c.kind, c.source_model, c.source_measure, c.source_filter,
      c.structural_zero, c.parent_code,
      p.source_model as parent_source_model,
      p.source_measure as parent_source_measure,
      p.source_filter as parent_source_filter
    from {{ catalog }} as c
    left join {{ catalog }} as p on p.indicator_code = c.parent_code
    where c.kind in ({% for k in kinds %}'{{ k }}'{% if not loop.last %}, {% endif %}{% endfor %})
      -- report-only indicators (no source_model and no source_measure) have no computed values
      and (c.source_model is not null or c.source_measure is not null)
    order by c.indicator_code
  {%- endset -%}
  {%- set result = run_query(query) -%}
  {%- set rows = [] -%}
  {%- for r in result.rows -%}
    {%- do rows.append({
          'indicator_code': r['indicator_code'],
          'kind': r['kind'],
          'source_model': r['source_model'],
          'source_measure': r['source_measure'],
          'source_filter': r['source_filter'],
          'structural_zero': r['structural_zero'] in [true, 'true', 'True', 1],
          'parent_code': r['parent_code'],
          'parent_source_model': r['parent_source_model'],
          'parent_source_measure': r['parent_source_measure'],
          'parent_source_filter': r['parent_source_filter']}) -%}
  {%- endfor -%}
  {{ return(rows) }}
{%- endmacro %}


{% macro indicator_check_row(row) -%}
  {%- for key in ['source_model', 'source_measure'] -%}
    {%- if row[key] is none or (row[key] | trim) == '' -%}
      {{ exceptions.raise_compiler_error("indicator_catalog: " ~ row['indicator_code'] ~ " (kind " ~ row['kind'] ~ ") has no " ~ key) }}
    {%- endif -%}
  {%- endfor -%}
{%- endmacro %}


{% macro indicator_filter_clause(row, key='source_filter') -%}
  {%- if row[key] is not none and (row[key] | trim) != '' -%}
    ({{ row[key] }})
  {%- else -%}
    1 = 1
  {%- endif -%}
{%- endmacro %}


{% macro indicator_base_union(kinds=['stock', 'flow'], month_column='month') -%}
  {#- One row per (region_code, month, indicator_code) of the source model, at the level the
      data arrives (township or county). Rows exist only where the measure is not null: a
      region-month without data has no row, never a zero.
      structural_zero: a part measured by the same column of the same model as its parent is
      0 (not missing) where the parent has data and the part has no rows: one roster lists
      every case, so a township whose 特困 are all dispersed has 0 centralized, not unknown. -#}
  {%- set rows = indicator_catalog_rows(kinds) -%}
  {%- if rows | length == 0 %}
    select
      cast(null as {{ dbt.type_string() }}) as region_code,
      cast(null as date) as month,
      cast(null as {{ dbt.type_string() }}) as indicator_code,
      cast(null as {{ indicator_value_type() }}) as value
    where 1 = 0
  {%- endif -%}
  {%- for row in rows %}
    {%- do indicator_check_row(row) %}
    {% if not loop.first %}union all{% endif %}
    {%- if row['structural_zero'] %}
      {%- if row['parent_source_model'] != row['source_model'] or row['parent_source_measure'] != row['source_measure'] -%}
        {{ exceptions.raise_compiler_error("indicator_catalog: " ~ row['indicator_code'] ~ " has structural_zero but its parent " ~ row['parent_code'] ~ " is not measured by the same source_model and source_measure") }}
      {%- endif %}
      {#- over the parent's rows, the part's own rows counted and the others 0 -#}
      {%- set value_expr = "case when " ~ indicator_filter_clause(row) ~ " then " ~ row['source_measure'] ~ " else 0 end" -%}
      {%- set row_filter = indicator_filter_clause(row, 'parent_source_filter') -%}
    {%- else %}
      {%- set value_expr = row['source_measure'] -%}
      {%- set row_filter = indicator_filter_clause(row) -%}
    {%- endif %}
    select
      cast(region_code as {{ dbt.type_string() }}) as region_code,
      cast({{ month_column }} as date) as month,
      cast('{{ row["indicator_code"] }}' as {{ dbt.type_string() }}) as indicator_code,
      cast(sum({{ value_expr }}) as {{ indicator_value_type() }}) as value
    from {{ ref(row['source_model']) }}
    where {{ row_filter }}
      and ({{ row['source_measure'] }}) is not null
    group by region_code, {{ month_column }}
  {%- endfor %}
{%- endmacro %}


{% macro indicator_standard_union() -%}
  {#- Published standards: one row per (region_code, effective_date, indicator_code). -#}
  {%- set rows = indicator_catalog_rows(['standard']) -%}
  {%- if rows | length == 0 %}
    select
      cast(null as {{ dbt.type_string() }}) as region_code,
      cast(null as date) as effective_date,
      cast(null as {{ dbt.type_string() }}) as indicator_code,
      cast(null as {{ indicator_value_type() }}) as value
    where 1 = 0
  {%- endif -%}
  {%- for row in rows %}
    {%- do indicator_check_row(row) %}
    {% if not loop.first %}union all{% endif %}
    select
      cast(region_code as {{ dbt.type_string() }}) as region_code,
      cast(effective_date as date) as effective_date,
      cast('{{ row["indicator_code"] }}' as {{ dbt.type_string() }}) as indicator_code,
      cast({{ row['source_measure'] }} as {{ indicator_value_type() }}) as value
    from {{ ref(row['source_model']) }}
    where {{ indicator_filter_clause(row) }}
      and ({{ row['source_measure'] }}) is not null
      and effective_date is not null
  {%- endfor %}
{%- endmacro %}
