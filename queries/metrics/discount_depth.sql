-- discount_depth: how much price managers give away, from deals.discount (null throughout when the
-- column was not exported).
--   discount_depth:        discount / amount over deals with a discount above 0 (any status: an
--                          offered discount shows how a manager bargains even when the deal is lost);
--   discount_won_share:    won deals with an amount that were closed with a discount, as a share;
--   discount_top_ratio:    the deepest manager's depth / the median manager's depth, over managers
--                          with at least $discount_min_deals discounted deals;
--   discount_top_manager:  who gives the deepest discounts.
-- returns: discount_depth, discount_won_share, discount_top_ratio, discount_top_manager
-- needs: deals
-- shape: row
with discounted as (
    select manager, discount, amount
    from deals
    where discount > 0 and amount > 0
),
per_manager as (
    select manager, sum(discount) / sum(amount) as depth
    from discounted
    where manager is not null
    group by manager
    having count(*) >= $discount_min_deals
),
won as (
    select discount from deals where status = 'won' and amount > 0
)
select
    (select (sum(discount) / sum(amount))::DOUBLE from discounted)                     as discount_depth,
    case when (select count(*) from discounted) > 0 then
        (select count(*) filter (where discount > 0) / nullif(count(*), 0) from won)
    end                                                                                as discount_won_share,
    case when (select count(*) from per_manager) >= 2 then
        (select (max(depth) / nullif(median(depth), 0))::DOUBLE from per_manager)
    end                                                                                as discount_top_ratio,
    (select arg_max(manager, depth) from per_manager)                                  as discount_top_manager
