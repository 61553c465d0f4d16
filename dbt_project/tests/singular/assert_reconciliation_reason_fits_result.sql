{#- Every reason of rpt_reconciliation is documented for that model and that verdict (seed reconciliation_reasons). -#}
{{ config(meta={'dagster': {'ref': {'name': 'rpt_reconciliation'}}}) }}
with

reconciled as (

    select claim_id, result, reason from {{ ref('rpt_reconciliation') }}

),

reasons as (

    select reason, results from {{ ref('reconciliation_reasons') }}
    where model = 'rpt_reconciliation'

)

select r.claim_id, r.result, r.reason
from reconciled as r
left join reasons as d
    on d.reason = r.reason
   and {{ dbt.concat(["'|'", 'd.results', "'|'"]) }} like {{ dbt.concat(["'%|'", 'r.result', "'|%'"]) }}
where d.reason is null
