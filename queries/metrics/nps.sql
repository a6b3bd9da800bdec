-- nps: Net Promoter Score in points (share of 9-10 minus share of 0-6, times 100), the answers, the
-- split of the scored answers into promoters (9-10), passives (7-8) and detractors (0-6), and the
-- band the score falls in, as the seed reads it (fixed, not settings): 'low' below 10, 'decent' from
-- 40 (around 45), 'leaders' from 50 (50-80 is where market leaders are), 'moderate' between low and
-- decent.
-- returns: nps, nps_responses, nps_promoters, nps_passives, nps_detractors, nps_band
-- needs: nps
-- shape: row
with counts as (
    select
        count(*) filter (where score >= 9)              as p,
        count(*) filter (where score > 6 and score < 9) as q,
        count(*) filter (where score <= 6)              as d,
        count(score)                                    as n,
        count(*)                                        as responses
    from nps
),
split as (
    select *, 100.0 * (p - d) / nullif(n, 0) as score from counts
)
select
    score                                                                             as nps,
    responses                                                                         as nps_responses,
    p / nullif(n, 0)                                                                  as nps_promoters,
    q / nullif(n, 0)                                                                  as nps_passives,
    d / nullif(n, 0)                                                                  as nps_detractors,
    case when score is null then null
         when score < 10 then 'low'
         when score >= 50 then 'leaders'
         when score >= 40 then 'decent'
         else 'moderate' end                                                          as nps_band
from split
