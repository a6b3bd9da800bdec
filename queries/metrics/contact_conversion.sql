-- contact_conversion: from first contact to deal, meetings or not. Contacts as in funnel_contacts (a
-- client, or an unknown number, reached by an answered call that is not internal).
--   contacts_total:        contacts;
--   contact_to_deal_rate:  contacts whose client has a deal in the data / contacts;
--   contact_to_won_rate:   contacts whose client has a won deal / contacts.
-- Both count deals opened before the call too (a deal and its calls need not be in time order in
-- an export); calls to numbers that match no client card count as contacts that became no deal.
-- All null when no call links to a client or no deal names one (the tables cannot be joined).
-- returns: contacts_total, contact_to_deal_rate, contact_to_won_rate
-- needs: calls, deals
-- shape: row
with contacts as (
    select distinct coalesce('c:' || client_id, 'p:' || phone) as contact, client_id
    from stg_calls
    where is_answered and direction is distinct from 'internal'
      and (client_id is not null or nullif(trim(phone), '') is not null)
),
dealt as (
    select client_id, bool_or(status = 'won') as won from deals where client_id is not null group by client_id
)
select
    count(*)                                                            as contacts_total,
    count(d.client_id) / nullif(count(*), 0)                            as contact_to_deal_rate,
    count(*) filter (where d.won) / nullif(count(*), 0)                 as contact_to_won_rate
from contacts c left join dealt d using (client_id)
having count(c.client_id) > 0 and (select count(*) from dealt) > 0
