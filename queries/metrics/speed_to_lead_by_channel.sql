-- speed_to_lead_by_channel: speed to lead per channel (as speed_to_lead; deals without a channel make one
-- group with none): deals measured, those contacted within 24 hours and their share, those nobody
-- contacted, and the median minutes to the first contact (null when the deals carry dates only).
-- returns: speed_to_lead_by_channel
-- needs: deals, calls
-- shape: rows
select
    channel,
    count(*)                                                                          as deals,
    count(*) filter (where minutes <= 1440)                                           as within_1d,
    count(*) filter (where minutes <= 1440) / count(*)                                as within_1d_share,
    count(*) filter (where touched_at is null)                                        as not_contacted,
    case when bool_or(has_time) then median(minutes) end                              as median_min
from lead_touch
group by channel
order by channel nulls last
