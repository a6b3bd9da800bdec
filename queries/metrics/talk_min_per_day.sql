-- talk_min_per_day: per manager, answered talk minutes per working day (a day with at least one call).
-- returns: talk_min_per_day
-- needs: calls
-- shape: map
select
    manager,
    coalesce(sum(duration_min) filter (where is_answered), 0) / count(distinct call_date) as talk_min
from stg_calls
where manager is not null
group by manager
order by manager
