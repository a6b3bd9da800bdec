-- plan_fact(as_of): plan against revenue for every manager-month with a plan (> 0) among the complete
-- months before as_of's month that lie within the revenue data: manager, month, plan, fact (0 when
-- none), ratio (fact / plan), source (see stg_plan_source). Called as plan_fact($as_of).
create or replace macro plan_fact(as_of) as table
with facts as (   -- revenue by plan manager and month, from the source stg_plan_source names
    select s.manager, o.order_month as month, sum(o.amount)::DOUBLE as fact
    from stg_orders o join stg_plan_managers s on o.manager = s.spelling
    where (select name from stg_plan_source) = 'orders'
    group by s.manager, o.order_month
    union all
    select manager, cast(date_trunc('month', closed_at) as date), sum(amount)::DOUBLE
    from deals
    where status = 'won' and closed_at is not null and (select name from stg_plan_source) = 'deals'
    group by manager, cast(date_trunc('month', closed_at) as date)
),
plan_months as (   -- complete months inside the revenue data
    select manager, month, sum(plan_amount)::DOUBLE as plan
    from plans
    where month < date_trunc('month', as_of::TIMESTAMP)
      and month >= (select min(month) from facts)
    group by manager, month
    having sum(plan_amount) > 0
)
select
    p.manager, p.month, p.plan,
    coalesce(f.fact, 0)                     as fact,
    coalesce(f.fact, 0) / p.plan            as ratio,
    (select name from stg_plan_source)      as source
from plan_months p left join facts f using (manager, month)
