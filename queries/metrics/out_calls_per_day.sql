-- out_calls_per_day: per manager, outgoing calls per day with at least one outgoing call.
-- returns: out_calls_per_day
-- needs: calls
-- shape: map
select manager, count(*) / count(distinct call_date) as per_day
from stg_calls
where manager is not null and direction = 'out'
group by manager
order by manager
