-- crm_calls_unmatched: calls with an outside number that matches no client card (the import links a
-- call to a client when the normalised numbers agree), as a share of calls with a number. Cold calls
-- to prospects land here too, so a part of it is normal; a large share means contacts live outside
-- the CRM.
-- returns: crm_calls_unmatched_share
-- needs: calls, clients
-- shape: row
select
    count(*) filter (where client_id is null) / nullif(count(*), 0) as crm_calls_unmatched_share
from calls
where nullif(trim(phone), '') is not null
