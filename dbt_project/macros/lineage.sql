{#-
  Lineage of a fact: per grain, source_files (sorted, ';'-joined distinct _source_file) and
  source_rows (number of raw rows aggregated), over the union of row-level models that feed it.
  relations: list of refs; each must have the grain columns and _source_file.
  where: an optional condition on the rows of every relation (the partition window of an
  incremental fact, so that lineage is read for the window only, not for all history).
-#}
{% macro lineage_by_grain(relations, grain, where=none) -%}
    {%- set g = grain | join(', ') -%}
    select
        {{ g }},
        {{ sorted_listagg('_source_file', "';'") }} as source_files,
        cast(sum(n_rows) as {{ dbt.type_bigint() }}) as source_rows
    from (
        select {{ g }}, _source_file, count(*) as n_rows
        from (
            {%- for rel in relations %}
            select {{ g }}, _source_file from {{ rel }}
            {%- if where %} where {{ where }}{% endif %}
            {%- if not loop.last %}
            union all
            {%- endif %}
            {%- endfor %}
        ) as lineage_rows
        group by {{ g }}, _source_file
    ) as lineage_files
    group by {{ g }}
{%- endmacro %}

{#- Lineage columns kept by every staging model. -#}
{% macro lineage_columns(alias=none) -%}
    {%- set p = (alias ~ '.') if alias else '' -%}
        {{ p }}_source_file,
        {{ p }}_file_sha256,
        {{ p }}_row_number,
        {{ p }}_reporting_month,
        {{ p }}_loaded_at
{%- endmacro %}

{#-
  Deduplicate on the contract's unique_key within a reporting month: keep the row of the most
  recently loaded file, then the later file name, then the later physical row.
  Returns a window expression to be filtered "= 1" in an outer query (portable: no QUALIFY).
-#}
{% macro dedupe_rank(key_columns) -%}
    row_number() over (
        partition by _reporting_month, {{ key_columns | join(', ') }}
        order by _loaded_at desc, _source_file desc, _row_number desc
    )
{%- endmacro %}
