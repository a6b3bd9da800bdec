-- managers_both: how many sellers both win new clients and serve existing ones (acquisition and
-- service mixed in one person), read from the staff list's roles when it names them, else from where
-- each seller's revenue comes from.
--   Roles (basis 'role'): the sellers active on $as_of (active_staff, heads left out) whose role names
--     a kind of client (role_kind: new / existing / both); the share is those whose role is 'both'.
--     Used whenever at least one active seller's role names a kind of client.
--   Revenue (basis 'revenue', without such roles): for each manager named on orders placed after the
--     warm-up ($lost_after_days after the first order line: earlier first orders may belong to clients
--     who bought before the export began), the share of his revenue that is the first order of a new
--     client. A hunter is at or above $both_hunter_share, a farmer at or below $both_farmer_share, a
--     manager between does both. Heads and people who left before $as_of (by the staff list, when
--     there is one) are left out; null when the data holds no new client.
--   managers_both_share: both / (hunters + farmers + both);
--   managers_both_basis: 'role' or 'revenue';
--   managers_hunters, managers_farmers, managers_both: how many of each.
-- returns: managers_both_share, managers_both_basis, managers_hunters, managers_farmers, managers_both
-- shape: row
with staff as (
    select *, role_kind(role) as kind from active_staff($as_of) where not is_head
),
by_role as (
    select kind from staff where kind in ('new', 'existing', 'both')
),
gone as (   -- heads and people who had left by $as_of: not compared with the sellers
    select manager from managers
    where is_head_role(role) or (left_at is not null and left_at < $as_of::TIMESTAMP)
),
numbered as (
    select *, row_number() over (partition by client_id order by placed_at, order_key) as n
    from stg_orders_placed
),
bounds as (
    select min(ordered_at) + to_days(cast($lost_after_days as integer)) as warm_until from orders
),
by_revenue as (
    select
        manager,
        coalesce(sum(total) filter (where n = 1), 0) / sum(total) as new_share
    from numbered
    where manager is not null and placed_at > (select warm_until from bounds)
      and manager not in (select manager from gone)
    group by manager
    having sum(total) > 0
),
kinds as (
    select 'role' as basis, kind from by_role
    union all
    select 'revenue',
           case when new_share >= $both_hunter_share then 'new'
                when new_share <= $both_farmer_share then 'existing'
                else 'both' end
    from by_revenue
    where not exists (select 1 from by_role)
      and exists (select 1 from numbered where n = 1 and placed_at > (select warm_until from bounds))
)
select
    count(*) filter (where kind = 'both') / nullif(count(*), 0)  as managers_both_share,
    any_value(basis)                                             as managers_both_basis,
    count(*) filter (where kind = 'new')                         as managers_hunters,
    count(*) filter (where kind = 'existing')                    as managers_farmers,
    count(*) filter (where kind = 'both')                        as managers_both
from kinds
