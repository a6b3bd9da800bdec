-- stg_deals: deals with their cycle length and whether they are closed.
-- Days are fractional (seconds / 86400), as results.md defines them.
create or replace view stg_deals as
select
    deals.*,
    status in ('won', 'lost')                               as is_closed,
    epoch(closed_at - created_at) / 86400.0                 as cycle_days
from deals
