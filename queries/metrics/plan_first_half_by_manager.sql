-- plan_first_half_by_manager: per manager, the share of a month's revenue made by the 15th (as
-- plan_first_half), pooled over the complete months before $as_of's month: {manager: share}.
-- returns: plan_first_half_by_manager
-- needs: orders
-- shape: map
select
    manager,
    sum(amount) filter (where day(ordered_at) <= 15) / nullif(sum(amount), 0) as share
from stg_orders
where manager is not null and order_month < date_trunc('month', $as_of::TIMESTAMP)
group by manager
having sum(amount) > 0
order by manager
