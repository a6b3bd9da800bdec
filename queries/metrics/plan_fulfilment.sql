-- plan_fulfilment: revenue against the monthly plan of each manager, over the complete months before
-- $as_of's month that have a plan and lie within the revenue data. Revenue is the order lines of the
-- manager (orders.manager; 1C's "Петров И." counts for the plan of "Иван Петров"); without any
-- uploaded orders, the won deals of the CRM (amount by the month of closing) stand in. When orders
-- exist but name none of the planned managers, nothing is compared (null). A manager-month without
-- revenue is 0 % fulfilled.
--   plan_manager_months:                         manager-months compared;
--   plan_below80_share / 90 / 100:               share of them below 80 / 90 / 100 % of plan;
--   plan_fact_source:                            "orders" or "deals", where revenue came from.
-- returns: plan_manager_months, plan_below80_share, plan_below90_share, plan_below100_share, plan_fact_source
-- needs: plans
-- shape: row
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
plan_months as (   -- complete months inside the revenue data
    select manager, month, sum(plan_amount)::DOUBLE as plan
    from plans
    where month < date_trunc('month', $as_of::TIMESTAMP)
      and month >= (select min(month) from facts)
    group by manager, month
    having sum(plan_amount) > 0
),
fulfilment as (
    select p.manager, p.month, coalesce(f.fact, 0) / p.plan as ratio
    from plan_months p left join facts f using (manager, month)
)
select
    nullif(count(*), 0)                                                        as plan_manager_months,
    count(*) filter (where ratio < 0.8) / nullif(count(*), 0)                  as plan_below80_share,
    count(*) filter (where ratio < 0.9) / nullif(count(*), 0)                  as plan_below90_share,
    count(*) filter (where ratio < 1.0) / nullif(count(*), 0)                  as plan_below100_share,
    (select name from source)                                                  as plan_fact_source
from fulfilment
