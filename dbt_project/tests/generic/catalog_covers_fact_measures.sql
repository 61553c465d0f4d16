{#- Every measure column of the given fact models is used by at least one indicator of the
    catalog (`model`: the seed indicator_catalog), i.e. appears as a word in the source_measure
    of an indicator with that source_model. Returns one row per uncovered column.
    `ignore_columns`: keys and lineage (region_code, month, program_code, source_files ...). -#}
{% test catalog_covers_fact_measures(model, fact_models, ignore_columns=[]) %}
{%- set uncovered = [] -%}
{#- ref() outside the execute guard so that the test depends on the facts -#}
{%- for fact in fact_models %}{% do ref(fact) %}{% endfor -%}
{%- if execute and load_relation(model) is not none -%}
  {%- set measures = run_query("select source_model, source_measure from " ~ model ~ " where source_measure is not null") -%}
  {%- set ignore = ignore_columns | map('lower') | list -%}
  {%- for fact in fact_models -%}
    {%- set used = [] -%}
    {%- for m in measures.rows if m['source_model'] == fact -%}
      {%- do used.append(m['source_measure'] | lower) -%}
    {%- endfor -%}
    {%- set fact_relation = load_relation(ref(fact)) -%}
    {%- if fact_relation is none -%}
      {%- do uncovered.append((fact, '(model not built)')) -%}
    {%- endif -%}
    {%- for col in (adapter.get_columns_in_relation(fact_relation) if fact_relation is not none else []) -%}
      {%- set name = col.name | lower -%}
      {%- if name not in ignore -%}
        {%- set pattern = '(^|[^a-z0-9_])' ~ name ~ '([^a-z0-9_]|$)' -%}
        {%- set hits = [] -%}
        {%- for u in used if modules.re.search(pattern, u) -%}{%- do hits.append(u) -%}{%- endfor -%}
        {%- if hits | length == 0 -%}{%- do uncovered.append((fact, name)) -%}{%- endif -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
{%- endif %}

{%- if uncovered | length == 0 %}
select
    cast(null as {{ dbt.type_string() }}) as source_model,
    cast(null as {{ dbt.type_string() }}) as column_name
where 1 = 0
{%- else %}
{%- for fact, name in uncovered %}
{% if not loop.first %}union all{% endif %}
select
    cast('{{ fact }}' as {{ dbt.type_string() }}) as source_model,
    cast('{{ name }}' as {{ dbt.type_string() }}) as column_name
{%- endfor %}
{%- endif %}

{% endtest %}
