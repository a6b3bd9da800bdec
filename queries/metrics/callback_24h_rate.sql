-- callback_24h_rate: of missed incoming calls with a number, the share followed within 24 hours by an
-- outgoing call to that number or an answered call from it (stg_missed_calls.called_back_24h).
-- returns: callback_24h_rate
-- needs: calls
-- shape: row
select count(*) filter (where called_back_24h) / nullif(count(*), 0) as callback_24h_rate
from stg_missed_calls
