-- clients_new: new clients and who brings them. A client is new when its first order comes more than
-- $lost_after_days days after the first order line in the data: earlier first orders may belong to
-- clients who bought before the export began, so they are not counted as new.
--   clients_new_last_year:      new clients whose first order lies in the 365 days before $as_of
--                               (null when the data does not reach far enough back to tell);
--   clients_new_first_order_avg: the average first order of a new client;
--   clients_new_win_rate:       won / (won + lost) of deals created after that warm-up whose client had
--                               no order before the deal was created (the new-client funnel);
-- (Managers who both win and serve clients: managers_both.sql.)
-- returns: clients_new_last_year, clients_new_first_order_avg, clients_new_win_rate
-- needs: orders
-- shape: row
with numbered as (
    select *, row_number() over (partition by client_id order by placed_at, order_key) as n
    from stg_orders_placed
),
bounds as (
    select min(ordered_at) + to_days(cast($lost_after_days as integer)) as warm_until from orders
),
firsts as (
    select client_id, placed_at as first_at, total, manager,
           placed_at > (select warm_until from bounds) as is_new
    from numbered
    where n = 1
),
new_deals as (   -- deals of the new-client funnel: no order of the client before the deal was created
    select d.status
    from deals d left join firsts f using (client_id)
    where d.created_at > (select warm_until from bounds)
      and (f.first_at is null or f.first_at >= d.created_at)
)
select
    case when (select warm_until from bounds) <= $as_of::TIMESTAMP - interval 365 day then
        (select count(*) from firsts where is_new and first_at >= $as_of::TIMESTAMP - interval 365 day)
    end                                                                                  as clients_new_last_year,
    (select avg(total) from firsts where is_new)::DOUBLE                                 as clients_new_first_order_avg,
    (select count(*) filter (where status = 'won')
            / nullif(count(*) filter (where status in ('won', 'lost')), 0) from new_deals) as clients_new_win_rate
