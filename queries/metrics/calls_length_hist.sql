-- calls_length_hist: answered calls by whole minutes of talk (0 = under a minute); calls of 30
-- minutes or more share the last bucket, 30.
-- returns: calls_length_hist
-- needs: calls
-- shape: rows
select
    least(floor(duration_s / 60), 30)::INTEGER  as minute,
    count(*)                                    as calls
from stg_calls
where is_answered and duration_s is not null
group by all
order by minute
