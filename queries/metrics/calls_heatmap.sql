-- calls_heatmap: calls and answered calls per manager, ISO weekday (1 = Monday) and hour of the day:
-- the raw material of a workday map.
-- returns: calls_heatmap
-- needs: calls
-- shape: rows
select
    manager,
    weekday,
    call_hour                                   as hour,
    count(*)                                    as calls,
    count(*) filter (where is_answered)         as answered
from stg_calls
group by manager, weekday, call_hour
order by manager nulls last, weekday, hour
