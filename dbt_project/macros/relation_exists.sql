{#- Whether a relation exists, asked of the database itself. adapter.get_relation() answers from dbt's
    relation cache, which is not reliable for a schema dbt does not manage (raw) when models compile
    concurrently: it was seen to miss a table that existed. -#}
{% macro relation_exists(relation) -%}
    {%- if not execute -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set query -%}
        select count(*) from information_schema.tables
        where table_schema = '{{ relation.schema }}' and table_name = '{{ relation.identifier }}'
    {%- endset -%}
    {{- return(run_query(query).columns[0].values()[0] > 0) -}}
{%- endmacro %}
