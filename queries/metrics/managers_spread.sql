-- managers_spread: how unevenly sellers perform, as the coefficient of variation (standard
-- deviation / mean, over managers) of their win rate and of their average won deal. Only sellers
-- with at least $skill_min_closed closed deals are compared (fewer make a rate of chance); heads are
-- left out. Null when fewer than two sellers qualify.
-- returns: skill_win_rate_cv, skill_avg_deal_cv, skill_managers_compared
-- needs: deals
-- shape: row
with heads as (
    select manager from managers
    where is_head_role(role)
),
per_manager as (
    select
        manager,
        count(*) filter (where status in ('won', 'lost'))                                 as closed,
        count(*) filter (where status = 'won')
            / nullif(count(*) filter (where status in ('won', 'lost')), 0)                as win_rate,
        (avg(amount) filter (where status = 'won'))::DOUBLE                               as avg_won
    from deals
    where manager is not null and manager not in (select manager from heads)
    group by manager
),
compared as (
    select * from per_manager where closed >= $skill_min_closed
)
select
    case when count(*) >= 2 then stddev_pop(win_rate) / nullif(avg(win_rate), 0) end    as skill_win_rate_cv,
    case when count(avg_won) >= 2 then stddev_pop(avg_won) / nullif(avg(avg_won), 0) end as skill_avg_deal_cv,
    count(*)                                                                            as skill_managers_compared
from compared
