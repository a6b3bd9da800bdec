-- nps_recency: days from the latest NPS answer to $as_of (fractional); null without answer dates.
-- returns: nps_days_since_last
-- needs: nps
-- shape: row
select epoch($as_of::TIMESTAMP - max(answered_at)) / 86400.0 as nps_days_since_last
from nps
