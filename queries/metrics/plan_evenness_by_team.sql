-- plan_evenness_by_team: how steadily each team fulfils its plan month after month. A team's plan and
-- revenue are the sums over its managers who have a plan that month (revenue as in plan_fulfilment:
-- the managers' orders, or won deals when no orders were uploaded); people missing from the staff
-- list, or a list without teams, make one group with no team.
--   months:      complete months compared;  mean: the average monthly fulfilment;
--   cv:          standard deviation / mean of the monthly fulfilment (0 = perfectly even);
--   zigzag:      the average jump of fulfilment from one month to the next (0.7 for 0.6 / 1.3 / 0.6 ...).
-- returns: plan_evenness_by_team
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
team_months as (
    select
        nullif(trim(m.team), '')                  as team,
        p.month,
        sum(coalesce(f.fact, 0)) / sum(p.plan)    as ratio
    from plan_months p
    left join facts f using (manager, month)
    left join managers m using (manager)
    group by 1, 2
),
jumps as (
    select team, ratio, abs(ratio - lag(ratio) over (partition by team order by month)) as jump
    from team_months
)
select
    team,
    count(*)                                           as months,
    avg(ratio)                                         as mean,
    stddev_pop(ratio) / nullif(avg(ratio), 0)          as cv,
    avg(jump)                                          as zigzag
from jumps
group by team
order by team nulls last
