{#- Temporary and medical assistance per region × month × programme (person-times and amount). -#}
with

relief as (

    select * from {{ ref('int_assistance__relief_ledger_conformed') }}

)

select
    region_code,
    month,
    program_code,
    region_valid_at_month,
    sum(person_times) as person_times,
    cast(sum(amount_yuan) as decimal(18, 2)) as amount_yuan,
    count(*) as source_rows
from relief
group by region_code, month, program_code, region_valid_at_month
