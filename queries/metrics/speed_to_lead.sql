-- speed_to_lead: how fast new deals are first contacted (the staging view lead_touch says which deals
-- count and what a contact is).
--   lead_deals:          new deals measured;   lead_not_contacted: those nobody contacted at all;
--   lead_1d_share:       share of them contacted within 24 hours of their creation;
--   lead_5min_share, lead_1h_share: within 5 minutes, within an hour;
--   lead_median_min:     the median minutes to the first contact of the contacted ones.
-- The minute-level numbers are null when no deal's creation carries a time of day (dates only).
-- returns: lead_deals, lead_not_contacted, lead_5min_share, lead_1h_share, lead_1d_share, lead_median_min
-- needs: deals, calls
-- shape: row
select
    count(*)                                                                          as lead_deals,
    count(*) filter (where touched_at is null)                                        as lead_not_contacted,
    case when bool_or(has_time) then
        count(*) filter (where minutes <= 5) / nullif(count(*), 0) end                as lead_5min_share,
    case when bool_or(has_time) then
        count(*) filter (where minutes <= 60) / nullif(count(*), 0) end               as lead_1h_share,
    count(*) filter (where minutes <= 1440) / nullif(count(*), 0)                     as lead_1d_share,
    case when bool_or(has_time) then median(minutes) end                              as lead_median_min
from lead_touch
