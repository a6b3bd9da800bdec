-- clients_wallet: our share in the client's purchases. clients.potential is the client's yearly
-- purchases of this kind from all suppliers; our yearly revenue is the client's net revenue in the 365
-- days before $as_of.
--   wallet_penetration:        over ordering clients with a potential, our yearly revenue / potential;
--   wallet_median_penetration: the median of the same ratio client by client;
--   wallet_potential_coverage: the share of ordering clients whose potential is filled in (null
--                              without a clients table);
--   wallet_product_breadth:    the proxy without potentials: the average number of distinct products
--                              a client bought / the products sold to anyone (the catalogue as sold).
-- returns: wallet_penetration, wallet_median_penetration, wallet_potential_coverage, wallet_product_breadth
-- needs: orders
-- shape: row
with buyers as (
    select
        client_id,
        coalesce(sum(amount) filter (where ordered_at >= $as_of::TIMESTAMP - interval 365 day), 0) as yearly,
        count(distinct product) filter (where amount > 0)                                         as products
    from stg_orders
    where client_id in (select client_id from stg_orders_placed)
    group by client_id
),
with_potential as (
    select b.*, c.potential
    from buyers b left join clients c using (client_id)
)
select
    (sum(yearly) filter (where potential > 0) / nullif(sum(potential) filter (where potential > 0), 0))::DOUBLE
                                                                                         as wallet_penetration,
    median(yearly / potential) filter (where potential > 0)::DOUBLE                      as wallet_median_penetration,
    case when (select count(*) from clients) > 0 then
        count(*) filter (where potential > 0) / nullif(count(*), 0)
    end                                                                                  as wallet_potential_coverage,
    avg(products) filter (where products > 0)
        / nullif((select count(distinct product) from orders where amount > 0), 0)     as wallet_product_breadth
from with_potential
