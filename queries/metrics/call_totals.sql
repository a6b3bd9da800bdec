-- call_totals: calls made and answered, the missed share of incoming calls, answered-call length in
-- minutes and the share of answered calls shorter than $short_call_s seconds.
-- returns: calls_total, calls_answered, missed_in_rate, avg_call_min, median_call_min, short_call_share
-- needs: calls
-- shape: row
-- params: $short_call_s
select
    count(*)                                                                    as calls_total,
    count(*) filter (where is_answered)                                         as calls_answered,
    count(*) filter (where direction = 'in' and not is_answered)
        / nullif(count(*) filter (where direction = 'in'), 0)                   as missed_in_rate,
    avg(duration_min) filter (where is_answered)                                as avg_call_min,
    median(duration_min) filter (where is_answered)                             as median_call_min,
    count(*) filter (where is_answered and duration_s < $short_call_s)
        / nullif(count(*) filter (where is_answered), 0)                        as short_call_share
from stg_calls
