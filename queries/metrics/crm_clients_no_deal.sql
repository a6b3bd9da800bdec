-- crm_clients_no_deal: client cards that no deal refers to, as a share of all clients: managers who
-- work from the list of contacts instead of from deals leave no trace of what they sell.
-- returns: crm_clients_no_deal_share
-- needs: clients, deals
-- shape: row
with dealt as (
    select distinct client_id from deals where client_id is not null
)
select
    count(*) filter (where d.client_id is null) / nullif(count(*), 0) as crm_clients_no_deal_share
from clients c left join dealt d using (client_id)
