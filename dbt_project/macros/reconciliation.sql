{#-
  Whether a value agrees with a report's figure (one rule for rpt_reconciliation and
  rpt_three_way_reconciliation; the list of reasons is the seed reconciliation_reasons):
  * exact: within half the figure's last written digit (`rounding`);
  * approx (约/近): within max(half the last digit, 5% of the figure);
  * at_least: 余/多 from the figure up to its exclusive upper bound (4万余: 40000 to 49999.99...),
    超/逾/以上 (no upper bound) at least the figure;
  * at_most (以下/不足/不到): at most the figure.
  A relative tolerance of 1e-9 absorbs floating-point noise.
-#}
{% macro claim_agrees(value, qualifier, rounding, upper_bound, other) -%}
    (case
        when {{ qualifier }} = 'exact'
            then abs({{ other }} - {{ value }}) <= coalesce({{ rounding }}, 0) + 1e-9 * abs({{ value }})
        when {{ qualifier }} = 'approx'
            then abs({{ other }} - {{ value }})
                 <= greatest(coalesce({{ rounding }}, 0), 0.05 * abs({{ value }})) + 1e-9 * abs({{ value }})
        when {{ qualifier }} = 'at_least'
            then {{ other }} >= {{ value }} - 1e-9 * abs({{ value }})
             and ({{ upper_bound }} is null or {{ other }} < {{ upper_bound }})
        when {{ qualifier }} = 'at_most'
            then {{ other }} <= {{ value }} + 1e-9 * abs({{ value }})
        else false
    end)
{%- endmacro %}

{#- The reason a compared claim carries (match or mismatch): how it was compared. -#}
{% macro claim_comparison_reason(time_basis, qualifier) -%}
    (case
        when {{ time_basis }} = 'change' then 'change_vs_stock'
        when {{ qualifier }} = 'exact' then 'exact'
        else 'rounded'
    end)
{%- endmacro %}
