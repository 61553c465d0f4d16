{#-
  The distinct-free, sorted string aggregate the lineage and region versions need:
  `measure` values (nulls skipped) joined by `delimiter_text` in ascending order of the values.
  dbt-spark's listagg ignores its order_by clause (collect_list has no order), so Spark sorts the
  collected array; DuckDB keeps dbt's listagg (string_agg ... order by).
-#}
{% macro sorted_listagg(measure, delimiter_text) -%}
    {{ return(adapter.dispatch('sorted_listagg')(measure, delimiter_text)) }}
{%- endmacro %}

{% macro default__sorted_listagg(measure, delimiter_text) -%}
    {{ dbt.listagg(measure, delimiter_text, 'order by ' ~ measure) }}
{%- endmacro %}

{% macro spark__sorted_listagg(measure, delimiter_text) -%}
    {#- null, not '', when every value is null (as string_agg) -#}
    case when count({{ measure }}) > 0
        then array_join(array_sort(collect_list({{ measure }})), {{ delimiter_text }}) end
{%- endmacro %}
