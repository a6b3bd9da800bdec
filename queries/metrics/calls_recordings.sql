-- calls_recordings: the share of answered calls that have a recording. Empty when no call in the
-- upload has one: the export may simply lack the column, so zero would be a guess.
-- returns: calls_recorded_share
-- needs: calls
-- shape: row
select
    case when count(recording_url) > 0 then
        count(*) filter (where is_answered and recording_url is not null)
            / nullif(count(*) filter (where is_answered), 0)
    end as calls_recorded_share
from stg_calls
