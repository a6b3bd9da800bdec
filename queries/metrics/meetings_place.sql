-- meetings_place: where meetings take place (the seed: a healthy split is 50/50 between the client's
-- premises and the office; the more clients are invited to the office, the more meetings fall
-- through). Every meeting of the log counts, held or not (see the staging view meeting_place).
--   meetings_total: meetings;  meetings_at_client, meetings_at_office, meetings_remote: by place;
--   meetings_client_share: at the client's / (at the client's + at the office); null when no meeting
--   says either.
-- returns: meetings_total, meetings_at_client, meetings_at_office, meetings_remote, meetings_client_share
-- needs: meetings
-- shape: row
select
    count(*)                                                                    as meetings_total,
    count(*) filter (where place_kind = 'client')                               as meetings_at_client,
    count(*) filter (where place_kind = 'office')                               as meetings_at_office,
    count(*) filter (where place_kind = 'remote')                               as meetings_remote,
    count(*) filter (where place_kind = 'client')
        / nullif(count(*) filter (where place_kind in ('client', 'office')), 0) as meetings_client_share
from meeting_place
