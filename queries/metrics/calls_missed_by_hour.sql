-- calls_missed_by_hour: incoming calls and the unanswered ones by hour of the day.
-- returns: calls_missed_by_hour
-- needs: calls
-- shape: rows
select
    call_hour                                           as hour,
    count(*)                                            as incoming,
    count(*) filter (where not is_answered)             as missed,
    count(*) filter (where not is_answered) / count(*)  as missed_rate
from stg_calls
where direction = 'in'
group by call_hour
order by hour
