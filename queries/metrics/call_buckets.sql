-- call_buckets: shares of answered calls under 1 minute, 1 to 3 minutes, over 3 minutes.
-- returns: call_buckets
-- needs: calls
-- shape: record
select
    count(*) filter (where duration_s < 60) / nullif(count(*), 0)                  as lt1,
    count(*) filter (where duration_s between 60 and 180) / nullif(count(*), 0)    as "1to3",
    count(*) filter (where duration_s > 180) / nullif(count(*), 0)                 as gt3
from stg_calls
where is_answered
