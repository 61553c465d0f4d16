{#-
  Tests on staging and intermediate views read only the partition window.

  Those models are views over the whole history: a generic test on one of them (not_null,
  accepted_values, unique_combination_of_columns ...) would otherwise recompute the view over
  every month ever loaded, on every monthly run, and a month would cost more as history grows.
  With a window set (--vars min_month/max_month), a test on a view with a `_reporting_month` (or
  else a `month`) column reads the window's rows only; the months outside the window were tested
  when they were built and have not changed. Tests on tables (the marts, small, and the roster's
  monthly aggregate) and runs without a window test everything. A test's own `where` config still applies.

  This overrides dbt's get_where_subquery, which every generic test wraps its model in.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set clauses = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do clauses.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set month_column = test_window_column(relation) -%}
    {%- if month_column -%}
        {%- do clauses.append(window_filter(adapter.quote(month_column))) -%}
    {%- endif -%}
    {%- if clauses | length == 0 -%}
        {%- do return(relation) -%}
    {%- endif -%}
    {%- set filtered -%}
        (select * from {{ relation }} where {{ clauses | join(' and ') }}) dbt_subquery
    {%- endset -%}
    {%- do return(filtered) -%}
{%- endmacro %}

{#- The month column to window a test on `relation` by: none unless a window is set and the
    relation is a view with a _reporting_month or month column, or a table with _reporting_month. -#}
{% macro test_window_column(relation) -%}
    {%- if not execute or not window_is_set() or relation.identifier is none -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema,
                                         identifier=relation.identifier) -%}
    {%- if found is none or found.type != 'view' -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set names = adapter.get_columns_in_relation(found) | map(attribute='name') | map('lower') | list -%}
    {%- for candidate in ['_reporting_month', 'month'] -%}
        {%- if candidate in names -%}
            {%- do return(candidate) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do return(none) -%}
{%- endmacro %}
