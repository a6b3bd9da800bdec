-- funnel_slices: deals and win rate (won / (won + lost)) by product, channel, region and new versus
-- existing client, for the dimensions the deals fill (a dimension no deal fills has no rows):
--   product, channel   the deal's own column;
--   region             the deal's region, else its client card's;
--   client_kind        'existing' when the client placed an order (orders) or won a deal before this
--                      deal was created; 'new' when not and the deal was created more than
--                      $lost_after_days days after the first order line or deal in the data (earlier
--                      deals may be with clients who bought before the export began); null (cannot
--                      tell) otherwise, or without a client or a creation date.
-- A value the deal leaves blank is null. Rows: dimension, value, deals, won, lost, win_rate, small
-- (fewer than $slice_min_closed closed deals: too few to compare), other (the values beyond the 20
-- with most deals of their dimension, summed into one row with value null).
-- returns: funnel_slices
-- needs: deals
-- shape: rows
with first_orders as (
    select client_id, min(first_line_at) as first_at from stg_orders_placed group by client_id
),
first_wins as (
    select client_id, min(closed_at) as won_at from deals
    where status = 'won' and client_id is not null group by client_id
),
bounds as (
    select least((select min(ordered_at) from orders), (select min(created_at) from deals))
           + to_days(cast($lost_after_days as integer)) as warm_until
),
kinded as (
    select
        d.*,
        coalesce(d.region, c.region) as any_region,
        case
            when d.client_id is null or d.created_at is null then null
            when o.first_at < d.created_at or w.won_at < d.created_at then 'existing'
            when d.created_at > (select warm_until from bounds) then 'new'
        end as client_kind
    from deals d
    left join clients c using (client_id)
    left join first_orders o using (client_id)
    left join first_wins w using (client_id)
),
long as (
    select 'product' as dimension, 1 as dim_order, nullif(trim(product), '') as value, status from kinded
    union all
    select 'channel', 2, nullif(trim(channel), ''), status from kinded
    union all
    select 'region', 3, nullif(trim(any_region), ''), status from kinded
    union all
    select 'client_kind', 4, client_kind, status from kinded
),
filled as (   -- dimensions with at least one value
    select dimension from long where value is not null group by dimension
),
grouped as (
    select
        dimension, any_value(dim_order) as dim_order, value,
        count(*)                                        as deals,
        count(*) filter (where status = 'won')          as won,
        count(*) filter (where status = 'lost')         as lost
    from long
    where dimension in (select dimension from filled)
    group by dimension, value
),
ranked as (
    select *, row_number() over (partition by dimension order by value is null, deals desc, value) as rank
    from grouped
),
capped as (
    select dimension, dim_order, value, deals, won, lost, false as other, rank
    from ranked where rank <= 20 or value is null
    union all
    select dimension, any_value(dim_order), null, sum(deals), sum(won), sum(lost), true, 1000000
    from ranked where rank > 20 and value is not null
    group by dimension
)
select
    dimension,
    value,
    deals::BIGINT                                       as deals,
    won::BIGINT                                         as won,
    lost::BIGINT                                        as lost,
    won / nullif(won + lost, 0)                         as win_rate,
    won + lost < $slice_min_closed                      as small,
    other
from capped
order by dim_order, value is null, other, deals desc, value
