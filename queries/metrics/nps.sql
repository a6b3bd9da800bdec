-- nps: Net Promoter Score in points (share of 9-10 minus share of 0-6, times 100) and the answers.
-- returns: nps, nps_responses
-- needs: nps
-- shape: row
select
    100.0 * (count(*) filter (where score >= 9) - count(*) filter (where score <= 6))
        / nullif(count(score), 0)                                                 as nps,
    count(*)                                                                      as nps_responses
from nps
