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
with team_months as (
    select
        nullif(trim(m.team), '')                  as team,
        p.month,
        sum(p.fact) / sum(p.plan)                 as ratio
    from plan_fact($as_of) p
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
