-- team_products: how many product lines one manager sells: the median number of distinct products in
-- a manager's deals, against the number of products in all deals. When every manager sells the whole
-- range, nobody specialises; whether the lines are unrelated the data cannot tell.
-- returns: team_products_per_manager, team_products_total
-- needs: deals
-- shape: row
with per_manager as (
    select manager, count(distinct product) as products
    from deals
    where manager is not null and product is not null
    group by manager
)
select
    (select median(products) from per_manager)::DOUBLE                             as team_products_per_manager,
    (select nullif(count(distinct product), 0) from deals)                         as team_products_total
