-- managers_below_plan: managers who missed their monthly plan, the largest total shortfall first:
-- months compared, months below 80 % and below 100 % of plan, plan and revenue over those months and
-- the last month's fulfilment. Complete months before $as_of's month; revenue as in plan_fulfilment
-- (the managers' orders, or won deals when no orders were uploaded).
-- needs: plans
-- shape: rows
with source as (   -- revenue is the orders when they are uploaded and name the planned managers;
                   -- the won deals of the CRM only when there are no orders at all
    select case
        when exists (select 1 from stg_plan_managers) then 'orders'
        when not exists (select 1 from orders)
         and exists (select 1 from deals join plans using (manager) where status = 'won') then 'deals'
    end as name
),
facts as (
    select s.manager, o.order_month as month, sum(o.amount)::DOUBLE as fact
    from stg_orders o join stg_plan_managers s on o.manager = s.spelling
    where (select name from source) = 'orders'
    group by s.manager, o.order_month
    union all
    select manager, cast(date_trunc('month', closed_at) as date), sum(amount)::DOUBLE
    from deals
    where status = 'won' and closed_at is not null and (select name from source) = 'deals'
    group by manager, cast(date_trunc('month', closed_at) as date)
),
plan_months as (
    select manager, month, sum(plan_amount)::DOUBLE as plan
    from plans
    where month < date_trunc('month', $as_of::TIMESTAMP)
      and month >= (select min(month) from facts)
    group by manager, month
    having sum(plan_amount) > 0
),
fulfilment as (
    select p.manager, p.month, p.plan, coalesce(f.fact, 0) as fact, coalesce(f.fact, 0) / p.plan as ratio
    from plan_months p left join facts f using (manager, month)
),
per_manager as (
    select
        manager,
        count(*)                                        as months,
        count(*) filter (where ratio < 0.8)             as months_below_80,
        count(*) filter (where ratio < 1.0)             as months_below_100,
        sum(plan)                                       as plan,
        sum(fact)                                       as revenue,
        sum(fact) / sum(plan)                           as fulfilment,
        arg_max(ratio, month)                           as last_month_fulfilment
    from fulfilment
    group by manager
)
select
    p.manager, m.team, p.months, p.months_below_80, p.months_below_100,
    p.plan, p.revenue, p.fulfilment, p.last_month_fulfilment
from per_manager p left join managers m using (manager)
where p.months_below_100 > 0
order by p.plan - p.revenue desc, p.manager
