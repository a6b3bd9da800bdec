-- funnel_contacts: the funnel across tables, counted in contacts (seed 001: 200 calls -> 22 meetings
-- -> 18 deals). A contact is a client reached by an answered call that is not internal: the call's
-- client_id (set when the number matches a client card, or given by the export), else its number (a
-- prospect unknown to the CRM, who can have no meeting or deal in the data). Each step counts the
-- contacts of the step before that also have a row in the next table, in any order over the data:
--   calls     contacts with an answered call;
--   meetings  of them, clients with a meeting (the step is left out when no meeting is loaded);
--   deals     of them, clients with a deal;
--   won       of them, clients with a won deal.
-- conversion = contacts of the step / contacts of the step before (null for the first).
-- Null when no call links to a client or no deal names one: the tables cannot be joined, and a
-- funnel that ends at 0 deals would be about the export, not the sales.
-- returns: funnel_contacts
-- needs: calls, deals
-- shape: rows
with contacts as (
    select distinct coalesce('c:' || client_id, 'p:' || phone) as contact, client_id
    from stg_calls
    where is_answered and direction is distinct from 'internal'
      and (client_id is not null or nullif(trim(phone), '') is not null)
),
has_meetings as (select exists (select 1 from meetings) as yes),
met as (
    select client_id from meetings where client_id is not null group by client_id
),
dealt as (
    select client_id, bool_or(status = 'won') as won from deals where client_id is not null group by client_id
),
steps as (
    select 1 as n, 'calls' as step, count(*) as contacts from contacts
    union all
    select 2, 'meetings', count(*) from contacts c join met m using (client_id)
    where (select yes from has_meetings)
    union all
    select 3, 'deals', count(*) from contacts c join dealt d using (client_id)
    where not (select yes from has_meetings) or c.client_id in (select client_id from met)
    union all
    select 4, 'won', count(*) from contacts c join dealt d using (client_id)
    where d.won and (not (select yes from has_meetings) or c.client_id in (select client_id from met))
)
select step, contacts, contacts / nullif(lag(contacts) over (order by n), 0) as conversion
from steps
where exists (select 1 from contacts where client_id is not null) and exists (select 1 from dealt)
order by n
