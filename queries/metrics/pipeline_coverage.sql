-- pipeline_coverage: whether the open deals can fill what is left of this month's plan: the value of
-- open deals / (the plan of $as_of's month - the revenue its planned managers already made in it
-- before $as_of). Revenue as in plan_fulfilment: the managers' orders (1C's "Петров И." counts for
-- "Иван Петров"), or won deals when no orders were uploaded. Null when that month has no plan or
-- nothing of it is left to make.
--   pipeline_plan_left: the plan still to make this month (0 when it is already met).
-- returns: pipeline_coverage, pipeline_plan_left
-- needs: deals, plans
-- shape: row
with month_start as (
    select date_trunc('month', $as_of::TIMESTAMP)::DATE as month_at
),
planned as (
    select manager, sum(plan_amount) as plan
    from plans
    where month = (select month_at from month_start)
    group by manager
),
spellings as (   -- as stg_plan_managers, but among the names planned this month only
    select o.manager as spelling, p.manager
    from (select distinct manager from orders where manager is not null) o
    join planned p on is_spelling_of(o.manager, p.manager)
    qualify count(*) over (partition by o.manager) = 1
),
made as (   -- revenue of this month so far
    select coalesce(sum(amount), 0) as fact
    from orders
    where manager in (select spelling from spellings)
      and ordered_at >= (select month_at from month_start) and ordered_at < $as_of::TIMESTAMP
    union all
    select coalesce(sum(amount), 0)
    from deals
    where not exists (select 1 from orders)
      and status = 'won' and manager in (select manager from planned)
      and closed_at >= (select month_at from month_start) and closed_at < $as_of::TIMESTAMP
),
left_to_make as (
    select case when (select count(*) from planned) > 0 then
        greatest((select sum(plan) from planned) - (select sum(fact) from made), 0)
    end as plan_left
)
select
    (select sum(amount) from deals where status = 'open')::DOUBLE / nullif(plan_left, 0) as pipeline_coverage,
    plan_left::DOUBLE                                                                    as pipeline_plan_left
from left_to_make
