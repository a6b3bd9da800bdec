-- managers_below_plan: managers who missed their monthly plan, the largest total shortfall first:
-- months compared, months below 80 % and below 100 % of plan, plan and revenue over those months and
-- the last month's fulfilment. Complete months before $as_of's month; revenue as in plan_fulfilment
-- (the managers' orders, or won deals when no orders were uploaded: see the staging macro plan_fact).
-- needs: plans
-- shape: rows
with per_manager as (
    select
        manager,
        count(*)                                        as months,
        count(*) filter (where ratio < 0.8)             as months_below_80,
        count(*) filter (where ratio < 1.0)             as months_below_100,
        sum(plan)                                       as plan,
        sum(fact)                                       as revenue,
        sum(fact) / sum(plan)                           as fulfilment,
        arg_max(ratio, month)                           as last_month_fulfilment
    from plan_fact($as_of)
    group by manager
)
select
    p.manager, m.team, p.months, p.months_below_80, p.months_below_100,
    p.plan, p.revenue, p.fulfilment, p.last_month_fulfilment
from per_manager p left join managers m using (manager)
where p.months_below_100 > 0
order by p.plan - p.revenue desc, p.manager
